using k8s.Models;
using KanikoImages.Images;

namespace KanikoImages.Manifests.Resources;

/// <summary>
/// What all build Jobs share, generated once per manifest: the ServiceAccount they run as and the guard's scripts
/// (<see cref="GuardConfigMap"/>). The guard needs no
/// API access (it asks the registry with the mounted credentials), so no Role is generated; the Secrets are the
/// cluster's own and never generated.
/// </summary>
public static class SharedResources
{
    public static IReadOnlyList<object> Build(CatalogSettings settings) =>
    [
        new V1ServiceAccount
        {
            ApiVersion = "v1",
            Kind = "ServiceAccount",
            Metadata = WithAnnotations(
                ResourceMetadata.Shared(ManifestConventions.ServiceAccountName, settings.Namespace, "builder"),
                settings.ServiceAccount.Annotations),
            // kaniko talks to the registry, never to the Kubernetes API.
            AutomountServiceAccountToken = false,
        },
        GuardConfigMap.Build(settings.Namespace),
    ];

    /// <summary>images.yaml serviceAccount.annotations (cloud workload identity), sorted; none: no annotations key.</summary>
    private static V1ObjectMeta WithAnnotations(V1ObjectMeta metadata, IReadOnlyList<KeyValuePair<string, string>> annotations)
    {
        if (annotations.Count > 0)
        {
            metadata.Annotations = new SortedDictionary<string, string>(annotations.ToDictionary(), StringComparer.Ordinal);
        }

        return metadata;
    }
}
