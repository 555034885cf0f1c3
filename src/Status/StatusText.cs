using KanikoImages.Images;

namespace KanikoImages.Status;

/// <summary>The report as text cells: the table's columns and rows, and the one-line progress while waiting.</summary>
public static class StatusText
{
    public static IReadOnlyList<string> Columns { get; } = ["Image", "Content hash", "State", "Duration", "Digest", "Reason"];

    public static IReadOnlyList<IReadOnlyList<string>> Rows(StatusReport report) =>
        report.Images.Select(i => (IReadOnlyList<string>)
        [
            i.Image,
            ContentHash.ShortOf(i.ContentHash),
            i.State.Text() + (i.Platforms.Count > 0 ? $" ({string.Join(", ", i.Platforms.Select(p => $"{p.Platform} {p.State.Text()}"))})" : ""),
            i.Duration is { } d ? DurationText.Format(d) : "",
            i.Digest ?? "",
            Reason(i),
        ]).ToList();

    /// <summary>"3 of 5 finished; waiting for app (running 2m05s), web (pending)" (+ "and N more").</summary>
    public static string Progress(WaitProgress progress)
    {
        var done = $"{progress.Finished} of {progress.Total} finished";
        if (progress.Waiting.Count == 0)
        {
            return done;
        }

        var waiting = progress.Waiting.Select(i => i.Duration is { } d ? $"{i.Image} ({i.State.Text()} {DurationText.Format(d)})" : $"{i.Image} ({i.State.Text()})");
        var more = progress.MoreWaiting > 0 ? $" and {progress.MoreWaiting} more" : "";
        return $"{done}; waiting for {string.Join(", ", waiting)}{more}";
    }

    /// <summary>The reason, then the log tail of a failed build, one line each.</summary>
    private static string Reason(ImageBuildStatus image) =>
        string.Join("\n", new[] { image.Reason ?? "" }.Concat(image.LogTail.Select(l => "  " + l))).Trim('\n');
}
