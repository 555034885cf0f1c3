using k8s.Models;

namespace KanikoImages.Images.Configuration;

/// <summary>The placement keys' values, read the same way in images.yaml (defaults.*) and image.yaml.</summary>
internal static class PlacementValues
{
    /// <summary>Node labels, each checked as a Kubernetes label, sorted by key.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> NodeSelector(YamlSetting value) =>
        value.Entries.Select(e => SettingValues.Label(e.Key, e.Value)).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();

    /// <param name="path">The key as the user wrote it, for messages ("defaults.tolerations").</param>
    public static IReadOnlyList<V1Toleration> Tolerations(YamlSetting value, string path) =>
        value.Node is { } node ? KubernetesObjects.ReadList<V1Toleration>(node, path) : [];

    public static V1Affinity? Affinity(YamlSetting value, string path) =>
        value.Node is { } node && !YamlSettingsFile.IsNull(node) ? KubernetesObjects.Read<V1Affinity>(node, path) : null;
}
