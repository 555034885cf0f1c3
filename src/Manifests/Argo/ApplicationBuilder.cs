using KanikoImages.Images;
using KanikoImages.Images.Configuration;
using KanikoImages.Manifests.Resources;

namespace KanikoImages.Manifests.Argo;

/// <summary>The Argo CD Application that syncs deploy/ of this repository into the build namespace.</summary>
public static class ApplicationBuilder
{
    /// <summary>Argo CD's name for the cluster it runs in.</summary>
    public const string InClusterServer = "https://kubernetes.default.svc";

    /// <summary>Argo CD deletes an Application's resources before the Application itself while this finalizer is on it.</summary>
    public const string ResourcesFinalizer = "resources-finalizer.argocd.argoproj.io";

    /// <summary>
    /// A sync applies only the resources whose live state differs from deploy/: a Job whose content hash (and so
    /// name and template) did not change is never re-created by another image's commit.
    /// </summary>
    public const string ApplyOutOfSyncOnly = "ApplyOutOfSyncOnly=true";

    /// <summary>The namespace is not in deploy/: Argo CD creates it (and sets its managed metadata).</summary>
    public const string CreateNamespace = "CreateNamespace=true";

    /// <summary>The sync options every generated Application carries; the validation rules require them.</summary>
    public static IReadOnlyList<string> SyncOptions { get; } = [CreateNamespace, ApplyOutOfSyncOnly];

    /// <summary>The Pod Security admission modes labelled on the namespace (pod-security.kubernetes.io/&lt;mode&gt;).</summary>
    private static readonly string[] PodSecurityModes = ["audit", "enforce", "warn"];

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
            },
            settings.ArgoCd.CascadeDelete ? [ResourcesFinalizer] : null),
        Spec = new ArgoApplicationSpec(
            settings.ArgoCd.Project,
            new ArgoSource(settings.Git.Url, settings.Git.Branch, SyncedPath, new ArgoDirectory(Recurse: false)),
            new ArgoDestination(InClusterServer, settings.Namespace),
            new ArgoSyncPolicy(
                new ArgoAutomated(Prune: true, SelfHeal: true),
                SyncOptions,
                new ArgoManagedNamespaceMetadata(PodSecurityLabels(settings.ArgoCd.PodSecurity)),
                Retry(settings.ArgoCd.Retry))),
    };

    private static SortedDictionary<string, string> PodSecurityLabels(PodSecurityLevel level)
    {
        var value = level.ToString().ToLowerInvariant();
        return new(PodSecurityModes.ToDictionary(mode => "pod-security.kubernetes.io/" + mode, _ => value), StringComparer.Ordinal);
    }

    private static ArgoRetry Retry(SyncRetrySettings retry) =>
        new(retry.Limit, new ArgoBackoff(DurationText.Setting(retry.BackoffDuration), retry.BackoffFactor, DurationText.Setting(retry.BackoffMaxDuration)));
}
