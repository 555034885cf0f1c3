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
    IReadOnlyList<string> LogTail)
{
    /// <summary>A multi-platform image's platform builds, in platform order; the row itself is its index Job.</summary>
    public IReadOnlyList<PlatformBuildStatus> Platforms { get; init; } = [];
}

/// <summary>One platform build of a multi-platform image.</summary>
/// <param name="Platform">As written in image.yaml, e.g. linux/arm64.</param>
public sealed record PlatformBuildStatus(string Platform, string? Job, BuildState State, string? Digest, string? Reason);

/// <summary>Every image of the current catalog, in catalog order, with the Jobs' state in one namespace.</summary>
public sealed record StatusReport(string Namespace, IReadOnlyList<ImageBuildStatus> Images)
{
    public IReadOnlyList<ImageBuildStatus> Unfinished => Images.Where(i => !i.State.IsFinished()).ToList();

    public IReadOnlyList<ImageBuildStatus> Failed => Images.Where(i => i.State == BuildState.Failed).ToList();
}
