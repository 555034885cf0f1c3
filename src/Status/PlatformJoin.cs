using k8s.Models;
using KanikoImages.Images;
using KanikoImages.Manifests;

namespace KanikoImages.Status;

/// <summary>
/// A multi-platform image's row: its index Job's state with each platform build's state beside it. A failed
/// platform build fails the row at once (its index would only wait for it until its bound), naming the platform
/// and pointing at that build's Job, whose log tail is the one worth reading.
/// </summary>
public static class PlatformJoin
{
    /// <param name="jobs">Jobs that may include the image's platform builds (others are passed over).</param>
    public static ImageBuildStatus Join(ImageBuildStatus index, ImageDefinition image, IReadOnlyList<V1Job> jobs, ILookup<string, V1Pod> podsByJob, DateTime now)
    {
        var platforms = image.Platforms.Select(platform =>
        {
            var job = jobs
                .Where(j => CatalogJoin.ContentOf(j) == (image.Name, image.Hash.Short)
                            && CatalogJoin.Label(j.Metadata, ManifestConventions.PlatformLabel) == platform.Suffix)
                .MaxBy(j => j.Metadata.CreationTimestamp ?? DateTime.MinValue);
            var build = BuildClassifier.Classify(image, job, job is null ? [] : podsByJob[job.Metadata.Name].ToList(), now);
            return new PlatformBuildStatus(platform.Text, build.Job, build.State, build.Digest, build.Reason);
        }).ToList();

        var failed = platforms.FirstOrDefault(p => p.State == BuildState.Failed);
        var row = failed is not null && !index.State.IsFinished()
            ? index with { Job = failed.Job, State = BuildState.Failed, Reason = $"platform {failed.Platform}: {failed.Reason}" }
            : index;
        return row with { Platforms = platforms };
    }
}
