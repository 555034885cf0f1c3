using k8s.Models;

namespace KanikoImages.Validation.Schemas;

/// <summary>
/// What KubernetesClient's models cannot say about the fields the generated kinds use: the models mark a field as
/// required only when its type is a non-nullable value type (V1ContainerPort.containerPort), and carry enum values
/// only in their doc comments. These are the required fields of the Kubernetes 1.32 API on the way from a Job,
/// ConfigMap or ServiceAccount to its strings (the same as the v1.32.2 strict schemas' "required"), and the values
/// the API server accepts for the enum-like strings of a pod (as KubernetesClient's doc comments list them).
/// </summary>
internal static class KubernetesFieldRules
{
    public static IReadOnlyDictionary<Type, string[]> Required { get; } = new Dictionary<Type, string[]>
    {
        [typeof(V1JobSpec)] = ["template"],
        [typeof(V1PodSpec)] = ["containers"],
        [typeof(V1Container)] = ["name"],
        [typeof(V1EnvVar)] = ["name"],
        [typeof(V1VolumeMount)] = ["name", "mountPath"],
        [typeof(V1Volume)] = ["name"],
        [typeof(V1KeyToPath)] = ["key", "path"],
        [typeof(V1ConfigMapKeySelector)] = ["key"],
        [typeof(V1SecretKeySelector)] = ["key"],
        [typeof(V1ObjectFieldSelector)] = ["fieldPath"],
        [typeof(V1ResourceFieldSelector)] = ["resource"],
        [typeof(V1OwnerReference)] = ["apiVersion", "kind", "name", "uid"],
    };

    public static IReadOnlyDictionary<(Type Model, string Field), string[]> Enums { get; } = new Dictionary<(Type, string), string[]>
    {
        [(typeof(V1Container), "imagePullPolicy")] = ["Always", "IfNotPresent", "Never"],
        [(typeof(V1Container), "terminationMessagePolicy")] = ["File", "FallbackToLogsOnError"],
        [(typeof(V1ContainerPort), "protocol")] = ["TCP", "UDP", "SCTP"],
        [(typeof(V1PodSpec), "restartPolicy")] = ["Always", "OnFailure", "Never"],
        [(typeof(V1PodSpec), "dnsPolicy")] = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        [(typeof(V1JobSpec), "completionMode")] = ["NonIndexed", "Indexed"],
    };
}
