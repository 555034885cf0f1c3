using k8s.Models;
using KanikoImages.Images;

namespace KanikoImages.Manifests.Resources;

/// <summary>
/// The labels and annotations every generated resource carries. Maps are sorted ordinally so the YAML keeps a
/// stable key order. No app.kubernetes.io/instance: Argo CD's label tracking owns that key.
/// </summary>
public static class ResourceMetadata
{
    public const string NameLabel = "app.kubernetes.io/name";
    public const string ComponentLabel = "app.kubernetes.io/component";
    public const string PartOfLabel = "app.kubernetes.io/part-of";
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    /// <summary>Argo CD's per-resource sync options annotation.</summary>
    public const string SyncOptionsAnnotation = "argocd.argoproj.io/sync-options";

    /// <summary>Metadata of a resource shared by all images (the ServiceAccount).</summary>
    public static V1ObjectMeta Shared(string name, string @namespace, string component) => new()
    {
        Name = name,
        NamespaceProperty = @namespace,
        Labels = Sorted(Common(component).Append(new(NameLabel, ManifestConventions.ManagedBy))),
    };

    /// <summary>Metadata of a resource generated for one image: the image name and hash in labels and annotation.</summary>
    public static V1ObjectMeta ForImage(ImageDefinition image, string? name, string? @namespace, string? syncOptions = null)
    {
        var annotations = new List<KeyValuePair<string, string>> { new(ManifestConventions.ContentHashAnnotation, image.Hash.Value) };
        if (syncOptions is not null)
        {
            annotations.Add(new(SyncOptionsAnnotation, syncOptions));
        }

        return new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = @namespace,
            Labels = ImageLabels(image),
            Annotations = Sorted(annotations),
        };
    }

    /// <summary>The image's labels: its extra labels from image.yaml (which may not be ours: SettingValues.IsReservedLabel), then ours.</summary>
    public static IDictionary<string, string> ImageLabels(ImageDefinition image)
    {
        var ours = Common("image-build").Concat(
        [
            new(NameLabel, image.Name),
            new(ManifestConventions.ImageLabel, image.Name),
            new(ManifestConventions.ShortHashLabel, image.Hash.Short),
        ]).ToList();
        return Sorted(image.Labels.Concat(ours));
    }

    private static IEnumerable<KeyValuePair<string, string>> Common(string component) =>
    [
        new(ComponentLabel, component),
        new(PartOfLabel, ManifestConventions.ManagedBy),
        new(ManagedByLabel, ManifestConventions.ManagedBy),
    ];

    private static SortedDictionary<string, string> Sorted(IEnumerable<KeyValuePair<string, string>> pairs) =>
        new(pairs.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
}
