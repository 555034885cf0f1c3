using k8s.Models;
using KanikoImages.Images;
using KanikoImages.Manifests;

namespace KanikoImages.Status;

/// <summary>
/// Pairs each image of the current catalog with the Job generated for its current content (labels image + short hash)
/// and that Job's pods. Jobs of older content or of removed images are not part of the report: Argo CD prunes them.
/// </summary>
public static class CatalogJoin
{
    public static StatusReport Join(ImageCatalog catalog, string @namespace, IReadOnlyList<V1Job> jobs, IReadOnlyList<V1Pod> pods, DateTime now)
    {
        // A multi-platform image's platform builds are joined apart (PlatformJoin); its index Job is its row.
        var jobsByContent = jobs
            .Where(j => ContentOf(j) is not null && Label(j.Metadata, ManifestConventions.PlatformLabel) is null)
            .GroupBy(j => ContentOf(j)!.Value)
            .ToDictionary(g => g.Key, g => g.MaxBy(j => j.Metadata.CreationTimestamp ?? DateTime.MinValue)!);
        // Grouped once, so each multi-platform image looks only at its own platform builds, not at every Job.
        var platformBuilds = jobs
            .Where(j => ContentOf(j) is not null && Label(j.Metadata, ManifestConventions.PlatformLabel) is not null)
            .ToLookup(j => ContentOf(j)!.Value);
        var podsByJob = JobPods.ByJobName(pods);

        var images = catalog.Images.Select(image =>
        {
            jobsByContent.TryGetValue((image.Name, image.Hash.Short), out var job);
            IReadOnlyList<V1Pod> jobPods = job is null ? [] : podsByJob[job.Metadata.Name].ToList();
            var status = BuildClassifier.Classify(image, job, jobPods, now);
            return image.Platforms.Count == 0 ? status : PlatformJoin.Join(status, image, [.. platformBuilds[(image.Name, image.Hash.Short)]], podsByJob, now);
        });
        return new StatusReport(@namespace, BaseWaits.Explain(catalog, images.ToList()));
    }

    /// <summary>The image name and short content hash a Job was generated for, from its labels.</summary>
    public static (string Image, string ShortHash)? ContentOf(V1Job job) =>
        (Label(job.Metadata, ManifestConventions.ImageLabel), Label(job.Metadata, ManifestConventions.ShortHashLabel)) is ({ } image, { } hash)
            ? (image, hash)
            : null;

    internal static string? Label(V1ObjectMeta metadata, string key) =>
        metadata.Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;
}
