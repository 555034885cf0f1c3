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

    /// <summary>The first few images by name and state; the report printed before the error has them all.</summary>
    private static string Names(IReadOnlyList<ImageBuildStatus> images) =>
        string.Join(", ", images.Take(WaitBoard.Named).Select(i => $"{i.Image} ({i.State.Text()})")) +
        (images.Count > WaitBoard.Named ? $" and {images.Count - WaitBoard.Named} more" : "");
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

    public async Task<WaitOutcome> WaitAsync(TimeSpan timeout, Action<WaitProgress> progress, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (!await WatchUntilFinishedAsync(progress, deadline.Token))
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
    }

    /// <summary>True when every build finished; false when the watch ended first and must start over from a new list.</summary>
    private async Task<bool> WatchUntilFinishedAsync(Action<WaitProgress> progress, CancellationToken cancellationToken)
    {
        var list = await reader.ListJobsAsync(cancellationToken);
        var board = new WaitBoard(catalog, reader.Namespace, list.Jobs, Now());
        progress(board.Progress());
        if (board.Finished)
        {
            return true;
        }

        await foreach (var (type, job) in reader.WatchJobsAsync(list.ResourceVersion, cancellationToken))
        {
            // Progress only when some image's state changed, not on every event.
            if (board.Apply(type, job, Now()))
            {
                progress(board.Progress());
                if (board.Finished)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
