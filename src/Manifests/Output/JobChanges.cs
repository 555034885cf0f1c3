using k8s;
using k8s.Models;

namespace KanikoImages.Manifests.Output;

public enum JobChangeKind
{
    /// <summary>A new image: its Job is created.</summary>
    Added,

    /// <summary>The image's content changed: a new Job name, Argo CD prunes the old Job and the new one builds.</summary>
    Rebuilt,

    /// <summary>Same content, different template (e.g. a new executor): Argo CD replaces the Job, the guard skips the build.</summary>
    TemplateChanged,

    /// <summary>The image is gone: Argo CD prunes its Job.</summary>
    Removed,
}

public sealed record JobChange(string Image, JobChangeKind Kind, string? OldJob, string? NewJob);

/// <summary>Which images' Jobs differ between the previous manifest and the new one, by image label.</summary>
public static class JobChanges
{
    public static IReadOnlyList<JobChange> Compare(string? previousManifest, IEnumerable<V1Job> jobs)
    {
        var before = ReadJobs(previousManifest);
        var after = jobs.ToDictionary(Image, j => j, StringComparer.Ordinal);
        var changes = new List<JobChange>();
        foreach (var image in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var old = before.GetValueOrDefault(image);
            var job = after.GetValueOrDefault(image);
            JobChangeKind? kind = (old, job) switch
            {
                (null, _) => JobChangeKind.Added,
                (_, null) => JobChangeKind.Removed,
                _ when old.Metadata.Name != job.Metadata.Name => JobChangeKind.Rebuilt,
                _ when ManifestSerializer.Document(old) != ManifestSerializer.Document(job) => JobChangeKind.TemplateChanged,
                _ => null,
            };
            if (kind is { } k)
            {
                changes.Add(new JobChange(image, k, old?.Metadata.Name, job?.Metadata.Name));
            }
        }

        return changes;
    }

    /// <summary>The previous manifest's Jobs by image; a missing or unreadable file counts as empty.</summary>
    private static Dictionary<string, V1Job> ReadJobs(string? manifest)
    {
        if (string.IsNullOrWhiteSpace(manifest))
        {
            return [];
        }

        try
        {
            return KubernetesYaml.LoadAllFromString(manifest).OfType<V1Job>()
                .Where(j => j.Metadata?.Labels?.ContainsKey(ManifestConventions.ImageLabel) == true)
                .GroupBy(Image, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return [];
        }
    }

    private static string Image(V1Job job) => job.Metadata.Labels[ManifestConventions.ImageLabel];
}
