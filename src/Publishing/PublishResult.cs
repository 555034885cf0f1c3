namespace KanikoImages.Publishing;

public enum PublishOutcome
{
    /// <summary>deploy/ matches HEAD (or the remote already has the same manifest): no commit.</summary>
    NothingToPublish,

    /// <summary>--dryrun: the commit that would be made, nothing changed.</summary>
    WouldPublish,

    Published,
}

/// <summary>What a publish did, or with --dryrun would do.</summary>
public sealed record PublishResult(
    PublishOutcome Outcome,
    string Target,
    string? Message = null,
    IReadOnlyList<string>? Files = null,
    string? Commit = null,
    int Attempts = 0)
{
    public IReadOnlyList<string> Files { get; init; } = Files ?? [];
}
