using KanikoImages.Images;

namespace KanikoImages.Manifests;

/// <summary>The names every stage agrees on: where the manifest lives and how resources carry the hash.</summary>
public static class ManifestConventions
{
    /// <summary>The folder GenerateManifests writes and Publish commits; it holds nothing but <see cref="GeneratedPaths"/>.</summary>
    public const string DeployFolder = "deploy";

    /// <summary>Repository-relative path of the generated manifest.</summary>
    public const string ManifestPath = "deploy/manifest.yaml";

    /// <summary>Repository-relative path of the generated Argo CD Application.</summary>
    public const string ApplicationPath = "deploy/argocd/application.yaml";

    /// <summary>Every file GenerateManifests may write, in the order it writes them.</summary>
    public static IReadOnlyList<string> GeneratedPaths { get; } = [ManifestPath, ApplicationPath];

    /// <summary>The kinds GenerateManifests writes into each generated file: any other kind there was put there by hand.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> GeneratedKinds { get; } = new Dictionary<string, IReadOnlySet<string>>
    {
        [ManifestPath] = new HashSet<string>(["ServiceAccount", "ConfigMap", "Job"], StringComparer.Ordinal),
        [ApplicationPath] = new HashSet<string>(["Application"], StringComparer.Ordinal),
    };

    /// <summary>Value of app.kubernetes.io/managed-by on everything generated.</summary>
    public const string ManagedBy = "kaniko-k8s-images";

    /// <summary>Annotation with the full content hash (sha256 hex) on every resource generated for an image.</summary>
    public const string ContentHashAnnotation = "kaniko-k8s-images/content-hash";

    /// <summary>Label with the image name on every resource generated for an image.</summary>
    public const string ImageLabel = "kaniko-k8s-images/image";

    /// <summary>Label with the short content hash (12 hex digits) on every resource generated for an image.</summary>
    public const string ShortHashLabel = "kaniko-k8s-images/content-hash";

    /// <summary>The ServiceAccount every build Job runs as (generated once per manifest).</summary>
    public const string ServiceAccountName = "kaniko-builder";

    /// <summary>The immutable image tag derived from the content hash; the guard looks for it.</summary>
    public static string HashTag(ContentHash hash) => "sha-" + hash.Short;

    /// <summary>A multi-platform image's tag for one platform's build (sha-&lt;hash12&gt;-arm64); null: the image's own hash tag.</summary>
    public static string HashTag(ContentHash hash, Platform? platform) => platform is null ? HashTag(hash) : $"{HashTag(hash)}-{platform.Suffix}";

    /// <summary>Label with the platform suffix (arm64, arm-v7) on a multi-platform image's build Jobs; its index Job has none.</summary>
    public const string PlatformLabel = "kaniko-k8s-images/platform";
}
