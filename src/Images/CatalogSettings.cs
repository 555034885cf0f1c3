namespace KanikoImages.Images;

/// <summary>
/// The repository-level configuration: images.yaml at the repository root, then overridden per key by
/// environment variables and the command line (see <see cref="SettingKeys"/>).
/// </summary>
public sealed record CatalogSettings
{
    /// <summary>Repository prefix the images are pushed under: &lt;Registry&gt;/&lt;image name&gt;.</summary>
    public required string Registry { get; init; }

    /// <summary>Namespace the build Jobs run in.</summary>
    public string Namespace { get; init; } = "kaniko-builds";

    /// <summary>Kubernetes version the manifest is validated against.</summary>
    public string KubernetesVersion { get; init; } = "1.32.2";

    public GitSettings Git { get; init; } = new();

    public KanikoSettings Kaniko { get; init; } = new();

    public GuardSettings Guard { get; init; } = new();

    public ArgoCdSettings ArgoCd { get; init; } = new();

    public ImageDefaults Defaults { get; init; } = new();

    /// <summary>Resources that exist in the cluster but are never generated into deploy/ (e.g. Secrets).</summary>
    public ExternalResources External { get; init; } = new();
}

public sealed record GitSettings
{
    /// <summary>The repository URL kaniko clones for the git build context and Argo CD watches.</summary>
    public string Url { get; init; } = "";

    /// <summary>The branch deploy/ is published to and Argo CD watches.</summary>
    public string Branch { get; init; } = "main";

    /// <summary>Optional Secret holding git credentials for kaniko's git context.</summary>
    public string? CredentialsSecret { get; init; }
}

public sealed record KanikoSettings
{
    /// <summary>The executor image (debug variant: it has the shell the guard needs); null: the manifest stage's pinned default.</summary>
    public string? Image { get; init; }

    /// <summary>The kubernetes.io/dockerconfigjson Secret with the registry credentials.</summary>
    public string RegistrySecret { get; init; } = "registry-credentials";

    /// <summary>Layer cache repository; empty means &lt;Registry&gt;/cache.</summary>
    public string? CacheRepo { get; init; }

    public int PushRetry { get; init; } = 3;
}

public sealed record GuardSettings
{
    /// <summary>The registry client image of the guard's init container; null: the manifest stage's pinned default.</summary>
    public string? Image { get; init; }
}

public sealed record ArgoCdSettings
{
    public string Namespace { get; init; } = "argocd";

    public string Project { get; init; } = "default";

    public string Application { get; init; } = "kaniko-k8s-images";

    /// <summary>Deleting the Application deletes the resources it synced (Argo CD's resources finalizer).</summary>
    public bool CascadeDelete { get; init; } = true;

    /// <summary>How Argo CD retries a failed sync.</summary>
    public SyncRetrySettings Retry { get; init; } = new();

    /// <summary>The Pod Security Standard level Argo CD labels the build namespace with.</summary>
    public PodSecurityLevel PodSecurity { get; init; } = PodSecurityLevel.Baseline;
}

/// <summary>
/// Argo CD's sync retry: up to <see cref="Limit"/> more attempts, waiting <see cref="BackoffDuration"/>, then
/// <see cref="BackoffFactor"/> times longer each time, never longer than <see cref="BackoffMaxDuration"/>.
/// </summary>
public sealed record SyncRetrySettings
{
    public int Limit { get; init; } = 5;

    public TimeSpan BackoffDuration { get; init; } = TimeSpan.FromSeconds(5);

    public int BackoffFactor { get; init; } = 2;

    public TimeSpan BackoffMaxDuration { get; init; } = TimeSpan.FromMinutes(3);
}

/// <summary>
/// Pod Security Standard levels a build pod passes. kaniko runs as root with the default capabilities and
/// no privileged flag: baseline admits that, restricted (runAsNonRoot, all capabilities dropped) does not.
/// </summary>
public enum PodSecurityLevel
{
    Baseline,
    Privileged,
}

public sealed record ImageDefaults
{
    public ContextMode ContextMode { get; init; } = ContextMode.Auto;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    public int BackoffLimit { get; init; } = 2;

    public ResourceSettings Resources { get; init; } = ResourceSettings.Default;
}

/// <summary>How the build context reaches kaniko.</summary>
public enum ContextMode
{
    /// <summary>ConfigMap when the context is only a Dockerfile, else git.</summary>
    Auto,

    /// <summary>The Dockerfile and context travel in a ConfigMap mounted as a dir:// context.</summary>
    ConfigMap,

    /// <summary>kaniko clones the repository at the exact commit.</summary>
    Git,
}

/// <summary>Kubernetes resource quantities as written (e.g. "500m", "1Gi").</summary>
public sealed record ResourceSettings(
    string CpuRequest,
    string MemoryRequest,
    string CpuLimit,
    string MemoryLimit)
{
    public static ResourceSettings Default { get; } = new("500m", "1Gi", "2", "4Gi");
}

public sealed record ExternalResources
{
    public IReadOnlyList<string> Secrets { get; init; } = [];

    public IReadOnlyList<string> ConfigMaps { get; init; } = [];

    public IReadOnlyList<string> ServiceAccounts { get; init; } = [];
}
