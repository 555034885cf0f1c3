namespace KanikoImages.Status;

/// <summary>One image of the current catalog and what its build Job did.</summary>
public sealed record ImageBuildStatus(
    string Image,
    string ContentHash,
    string? Job,
    BuildState State,
    TimeSpan? Duration,
    string? Digest,
    string? Reason,
    IReadOnlyList<string> LogTail);

/// <summary>Every image of the current catalog, in catalog order, with the Jobs' state in one namespace.</summary>
public sealed record StatusReport(string Namespace, IReadOnlyList<ImageBuildStatus> Images)
{
    public IReadOnlyList<ImageBuildStatus> Unfinished => Images.Where(i => !i.State.IsFinished()).ToList();

    public IReadOnlyList<ImageBuildStatus> Failed => Images.Where(i => i.State == BuildState.Failed).ToList();
}
