using k8s;
using k8s.Models;
using KanikoImages.Images;

namespace KanikoImages.Status;

/// <summary>What --wait ends with: the final report, and whether the time ran out first.</summary>
public sealed record WaitOutcome(StatusReport Report, TimeSpan? TimedOutAfter)
{
    /// <summary>Why the wait counts as failed (a failed build, the timeout), or null when every build succeeded.</summary>
    public string? Problem => (TimedOutAfter, Report.Failed) switch
    {
        ({ } timeout, _) => $"Timed out after {DurationText.Format(timeout)} waiting for {Names(Report.Unfinished)}.",
        (_, { Count: > 0 } failed) => $"{failed.Count} of {Report.Images.Count} builds failed: {Names(failed)}.",
        _ => null,
    };

    private static string Names(IEnumerable<ImageBuildStatus> images) =>
        string.Join(", ", images.Select(i => $"{i.Image} ({i.State.Text()})"));
}

/// <summary>
/// Waits until every image of the current catalog has a finished Job: one list, then a watch on the managed Jobs
/// from that list's resource version (no polling). When the server ends the watch (its timeout, or after an ERROR
/// event such as an expired resource version, which KubernetesClient reports to an error callback and does not
/// yield), it lists again and watches on.
/// </summary>
public sealed class BuildWaiter(ClusterReader reader, ImageCatalog catalog, TimeProvider clock)
{
    private static readonly TimeSpan RelistPause = TimeSpan.FromSeconds(1);

    public async Task<WaitOutcome> WaitAsync(TimeSpan timeout, Action<StatusReport> progress, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        string? shown = null;
        try
        {
            while (!await WatchUntilFinishedAsync(Show, deadline.Token))
            {
                // A server that keeps ending watches at once must not turn the wait into a tight list loop.
                await Task.Delay(RelistPause, clock, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new WaitOutcome(await StatusQuery.ReadAsync(reader, catalog, clock, cancellationToken), timeout);
        }

        return new WaitOutcome(await StatusQuery.ReadAsync(reader, catalog, clock, cancellationToken), null);

        // Progress only when some image's state changed, not on every event.
        void Show(StatusReport report)
        {
            var states = string.Join(",", report.Images.Select(i => i.State));
            if (states != shown)
            {
                shown = states;
                progress(report);
            }
        }
    }

    /// <summary>True when every build finished; false when the watch ended first and must start over from a new list.</summary>
    private async Task<bool> WatchUntilFinishedAsync(Action<StatusReport> show, CancellationToken cancellationToken)
    {
        var list = await reader.ListJobsAsync(cancellationToken);
        var jobs = list.Jobs.ToDictionary(j => j.Metadata.Name, StringComparer.Ordinal);
        if (Finished(jobs, show))
        {
            return true;
        }

        await foreach (var (type, job) in reader.WatchJobsAsync(list.ResourceVersion, cancellationToken))
        {
            switch (type)
            {
                case WatchEventType.Added or WatchEventType.Modified:
                    jobs[job.Metadata.Name] = job;
                    break;
                case WatchEventType.Deleted:
                    jobs.Remove(job.Metadata.Name);
                    break;
                default:
                    continue;
            }

            if (Finished(jobs, show))
            {
                return true;
            }
        }

        return false;
    }

    private bool Finished(Dictionary<string, V1Job> jobs, Action<StatusReport> show)
    {
        var report = CatalogJoin.Join(catalog, reader.Namespace, [.. jobs.Values], [], clock.GetUtcNow().UtcDateTime);
        show(report);
        return report.Unfinished.Count == 0;
    }
}
