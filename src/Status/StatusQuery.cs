using KanikoImages.Images;

namespace KanikoImages.Status;

/// <summary>One look at the cluster: the managed Jobs, their pods, and the log tail of each failed build.</summary>
public static class StatusQuery
{
    /// <summary>Lines of a failed build container's log shown with the failure.</summary>
    public const int LogTailLines = 10;

    public static async Task<StatusReport> ReadAsync(ClusterReader reader, ImageCatalog catalog, TimeProvider clock, CancellationToken cancellationToken)
    {
        var jobs = await reader.ListJobsAsync(cancellationToken);
        var pods = jobs.Jobs.Count == 0 ? [] : await reader.ListPodsAsync(cancellationToken);
        var report = CatalogJoin.Join(catalog, reader.Namespace, jobs.Jobs, pods, clock.GetUtcNow().UtcDateTime);

        var podsByJob = JobPods.ByJobName(pods);
        var images = new List<ImageBuildStatus>();
        foreach (var image in report.Images)
        {
            images.Add(image.State == BuildState.Failed ? await WithLogTailAsync(reader, image, podsByJob[image.Job!].ToList(), cancellationToken) : image);
        }

        return report with { Images = images };
    }

    private static async Task<ImageBuildStatus> WithLogTailAsync(
        ClusterReader reader, ImageBuildStatus image, IReadOnlyList<k8s.Models.V1Pod> pods, CancellationToken cancellationToken)
    {
        var pod = BuildClassifier.LatestPod(pods);
        if (pod is null || BuildClassifier.BuildContainer(pod) is not { } container)
        {
            return image;
        }

        return image with { LogTail = await reader.LogTailAsync(pod, container, LogTailLines, cancellationToken) };
    }
}
