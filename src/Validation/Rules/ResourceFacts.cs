using System.Text.Json.Nodes;
using KanikoImages.Manifests;
using KanikoImages.Validation.Resources;

namespace KanikoImages.Validation.Rules;

/// <summary>
/// What the cross-resource rules need of one readable resource, read while its tree is in memory. The tree itself
/// is dropped: a manifest of 10,000 Jobs is checked holding 10,000 of these, not 10,000 parsed documents.
/// </summary>
/// <param name="Named">metadata.name is set (a generateName names no one resource).</param>
/// <param name="ImageLabel">The kaniko-k8s-images/image label: the image a Job builds.</param>
/// <param name="ContentHash">The content-hash annotation: the hash the Job was generated for.</param>
/// <param name="References">What a Job's pod uses (ConfigMaps, Secrets, ServiceAccounts); none for other kinds.</param>
public sealed record ResourceFacts(
    ResourceIdentity Resource,
    bool Named,
    string? ImageLabel,
    string? ContentHash,
    IReadOnlyList<PodReference> References)
{
    /// <summary>The kaniko-k8s-images/platform label: the platform a multi-platform image's build Job builds.</summary>
    public string? Platform { get; init; }

    /// <param name="resource">A <see cref="ManifestResource.Readable"/> resource.</param>
    public static ResourceFacts Of(ManifestResource resource)
    {
        var root = resource.Object!;
        var metadata = root["metadata"];
        return new ResourceFacts(
            resource.Identity,
            metadata?["name"] is not null,
            JsonText.Of(metadata?["labels"]?[ManifestConventions.ImageLabel]),
            JsonText.Of(metadata?["annotations"]?[ManifestConventions.ContentHashAnnotation]),
            resource.Kind == "Job" ? PodReference.All(root["spec"]?["template"]?["spec"] as JsonObject).Distinct().ToList() : [])
        {
            Platform = JsonText.Of(metadata?["labels"]?[ManifestConventions.PlatformLabel]),
        };
    }
}
