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
            Metadata = ResourceMetadata.Shared(ManifestConventions.ServiceAccountName, settings.Namespace, "builder"),
            // kaniko talks to the registry, never to the Kubernetes API.
            AutomountServiceAccountToken = false,
        },
        GuardConfigMap.Build(settings.Namespace),
    ];
}
