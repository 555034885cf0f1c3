using KanikoImages.Images;
using KanikoImages.Manifests.Resources;

namespace KanikoImages.Manifests.Argo;

/// <summary>The Argo CD Application that syncs deploy/ of this repository into the build namespace.</summary>
public static class ApplicationBuilder
{
    /// <summary>Argo CD's name for the cluster it runs in.</summary>
    public const string InClusterServer = "https://kubernetes.default.svc";

    /// <summary>The folder the Application syncs: the manifest's folder.</summary>
    public static string SyncedPath => Path.GetDirectoryName(ManifestConventions.ManifestPath)!.Replace('\\', '/');

    public static ArgoApplication Build(CatalogSettings settings) => new()
    {
        Metadata = new ArgoMetadata(
            settings.ArgoCd.Application,
            settings.ArgoCd.Namespace,
            new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                [ResourceMetadata.ManagedByLabel] = ManifestConventions.ManagedBy,
                [ResourceMetadata.PartOfLabel] = ManifestConventions.ManagedBy,
            }),
        Spec = new ArgoApplicationSpec(
            settings.ArgoCd.Project,
            new ArgoSource(settings.Git.Url, settings.Git.Branch, SyncedPath, new ArgoDirectory(Recurse: false)),
            new ArgoDestination(InClusterServer, settings.Namespace),
            new ArgoSyncPolicy(
                new ArgoAutomated(Prune: true, SelfHeal: true),
                // The namespace is not in deploy/: Argo CD creates it.
                ["CreateNamespace=true"])),
    };
}
