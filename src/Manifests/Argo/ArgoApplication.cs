using YamlDotNet.Serialization;

namespace KanikoImages.Manifests.Argo;

/// <summary>
/// The part of Argo CD's Application (argoproj.io/v1alpha1) this project writes. KubernetesClient has no model
/// for it; YamlDotNet writes the properties in declaration order and leaves out nulls. Validate checks Applications
/// against this model (TypedModelValidator): a field is required where it is not nullable here, so the fields Argo
/// CD's CRD leaves optional are nullable although the builder always sets them.
/// </summary>
public sealed record ArgoApplication
{
    public const string GroupVersion = "argoproj.io/v1alpha1";

    public const string KindName = "Application";

    public string ApiVersion => GroupVersion;

    public string Kind => KindName;

    public required ArgoMetadata Metadata { get; init; }

    public required ArgoApplicationSpec Spec { get; init; }
}

public sealed record ArgoMetadata(string Name, string Namespace, IDictionary<string, string>? Labels, IReadOnlyList<string>? Finalizers);

public sealed record ArgoApplicationSpec(string Project, ArgoSource Source, ArgoDestination Destination, ArgoSyncPolicy? SyncPolicy);

public sealed record ArgoSource(
    [property: YamlMember(Alias = "repoURL")] string RepoUrl,
    string? TargetRevision,
    string? Path,
    ArgoDirectory? Directory);

/// <summary>recurse: false keeps deploy/argocd/ (this Application itself) out of what the Application syncs.</summary>
public sealed record ArgoDirectory(bool? Recurse);

public sealed record ArgoDestination(string Server, string Namespace);

public sealed record ArgoSyncPolicy(
    ArgoAutomated? Automated,
    IReadOnlyList<string>? SyncOptions,
    ArgoManagedNamespaceMetadata? ManagedNamespaceMetadata,
    ArgoRetry? Retry);

public sealed record ArgoAutomated(bool? Prune, bool? SelfHeal);

/// <summary>Labels Argo CD sets on the destination namespace (only with CreateNamespace=true).</summary>
public sealed record ArgoManagedNamespaceMetadata(IDictionary<string, string>? Labels);

public sealed record ArgoRetry(int? Limit, ArgoBackoff? Backoff);

/// <summary>Go durations ("5s", "3m"), as Argo CD parses them.</summary>
public sealed record ArgoBackoff(string? Duration, int? Factor, string? MaxDuration);
