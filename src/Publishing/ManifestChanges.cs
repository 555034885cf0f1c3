using KanikoImages.Manifests;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KanikoImages.Publishing;

/// <summary>The images whose build Jobs a manifest change adds, changes or removes, each list sorted.</summary>
public sealed record ManifestChanges(IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed)
{
    public bool Any => Added.Count + Changed.Count + Removed.Count > 0;

    /// <summary>
    /// Compares two versions of deploy/manifest.yaml (null: absent). Jobs are matched by their image label; a
    /// Job changed when its content-hash annotation or anything else in it differs (YAML nodes compare by value).
    /// </summary>
    public static ManifestChanges Between(string? before, string? after, string path)
    {
        var old = JobsByImage(before, path + " (committed)");
        var now = JobsByImage(after, path);
        return new ManifestChanges(
            Sorted(now.Keys.Except(old.Keys)),
            Sorted(now.Keys.Intersect(old.Keys).Where(image => !old[image].Equals(now[image]))),
            Sorted(old.Keys.Except(now.Keys)));
    }

    private static Dictionary<string, YamlMappingNode> JobsByImage(string? yaml, string path)
    {
        var jobs = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
        if (yaml is null)
        {
            return jobs;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new PublishException($"{path}: not valid YAML at line {e.Start.Line}: {e.Message}");
        }

        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlMappingNode resource
                && (Child(resource, "kind") as YamlScalarNode)?.Value == "Job"
                && Child(Child(resource, "metadata"), "labels") is YamlMappingNode labels
                && (Child(labels, ManifestConventions.ImageLabel) as YamlScalarNode)?.Value is { Length: > 0 } image)
            {
                jobs[image] = resource;
            }
        }

        return jobs;
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static List<string> Sorted(IEnumerable<string> images) => images.Order(StringComparer.Ordinal).ToList();
}
