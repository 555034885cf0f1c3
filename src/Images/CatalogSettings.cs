using k8s.Models;

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

    /// <summary>How kaniko and the guard reach the registry: TLS verified, TLS unverified or plain HTTP.</summary>
    public RegistryTls RegistryTls { get; init; } = RegistryTls.Verify;

    /// <summary>Secrets the build pods pull the executor and guard images with (a private mirror).</summary>
    public IReadOnlyList<string> ImagePullSecrets { get; init; } = [];

    public GitSettings Git { get; init; } = new();

    public KanikoSettings Kaniko { get; init; } = new();

    public GuardSettings Guard { get; init; } = new();

    public IndexSettings Index { get; init; } = new();

    public ServiceAccountSettings ServiceAccount { get; init; } = new();

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

    /// <summary>
    /// The kubernetes.io/dockerconfigjson Secret with the registry credentials; null mounts none (the pod's
    /// cloud identity, through its ServiceAccount, reaches the registry).
    /// </summary>
    public string? RegistrySecret { get; init; } = "registry-credentials";

    /// <summary>Layer cache repository; empty means &lt;Registry&gt;/cache.</summary>
    public string? CacheRepo { get; init; }

    public int PushRetry { get; init; } = 3;

    /// <summary>kaniko --reproducible: the same content gives the same digest.</summary>
    public bool Reproducible { get; init; }

    /// <summary>One kaniko --registry-mirror per entry, in order.</summary>
    public IReadOnlyList<string> RegistryMirrors { get; init; } = [];

    /// <summary>Executor flags after the generated ones, for images whose image.yaml sets no kanikoArgs.</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary>A ConfigMap with extra CA certificates kaniko and the guard trust; null: the images' own CAs only.</summary>
    public CaBundleSettings CaBundle { get; init; } = new();
}

/// <summary>The ConfigMap key holding PEM CA certificates (a corporate CA).</summary>
public sealed record CaBundleSettings
{
    /// <summary>The ConfigMap's name; null: no bundle.</summary>
    public string? ConfigMap { get; init; }

    public string Key { get; init; } = "ca.crt";
}

/// <summary>How the registry is reached.</summary>
public enum RegistryTls
{
    /// <summary>HTTPS with certificate verification (the images' CAs plus kaniko.caBundle).</summary>
    Verify,

    /// <summary>HTTPS without certificate verification.</summary>
    SkipVerify,

    /// <summary>Plain HTTP.</summary>
    PlainHttp,
}

/// <summary>The generated ServiceAccount the build pods run as.</summary>
public sealed record ServiceAccountSettings
{
    /// <summary>Annotations written on it (cloud workload identity: EKS IRSA, GKE, Azure), sorted by key.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Annotations { get; init; } = [];
}

public sealed record GuardSettings
{
    /// <summary>The registry client image of the guard's init container; null: the manifest stage's pinned default.</summary>
    public string? Image { get; init; }
}

public sealed record IndexSettings
{
    /// <summary>The registry tool image of a multi-platform image's index Job (buildah); null: the manifest stage's pinned default.</summary>
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

    public Placement Placement { get; init; } = new();

    /// <summary>The platforms of images whose image.yaml sets none; empty: one build, no platform.</summary>
    public IReadOnlyList<Platform> Platforms { get; init; } = [];
}

/// <summary>
/// Where a build pod may run. Each field is replaced as a whole by an image's image.yaml, never merged;
/// null or empty: not set.
/// </summary>
public sealed record Placement
{
    /// <summary>Node labels the pod's node must have, sorted by key.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> NodeSelector { get; init; } = [];

    public IReadOnlyList<V1Toleration> Tolerations { get; init; } = [];

    public V1Affinity? Affinity { get; init; }

    public string? PriorityClassName { get; init; }
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
