using k8s.Models;
using KanikoImages.Manifests.Guard;

namespace KanikoImages.Manifests.Resources;

/// <summary>
/// The guard's two scripts in one immutable ConfigMap that every Job mounts, instead of a copy of the script text
/// in each Job (it was half of every Job's YAML, and of the time to write and validate 10,000 of them). The name
/// carries a hash of the scripts: a new guard version changes every Job's template, so Argo CD replaces the Jobs
/// together with the ConfigMap, and the files never change under a running pod.
/// </summary>
public static class GuardConfigMap
{
    public const string VolumeName = "guard-scripts";

    public static string Name { get; } = ScriptConfigMap.Name("kaniko-build-guard-", BuildGuard.CheckScript, BuildGuard.WrapperScript);

    public static V1ConfigMap Build(string @namespace) => ScriptConfigMap.Build(
        Name,
        @namespace,
        "build-guard",
        [new(BuildGuard.CheckScriptKey, BuildGuard.CheckScript), new(BuildGuard.WrapperScriptKey, BuildGuard.WrapperScript)]);

    public static V1Volume Volume() => new() { Name = VolumeName, ConfigMap = new V1ConfigMapVolumeSource { Name = Name } };

    public static V1VolumeMount Mount() => new() { MountPath = BuildGuard.ScriptsMountPath, Name = VolumeName, ReadOnlyProperty = true };
}
