namespace KanikoImages.Publishing;

/// <summary>Where and as whom to publish, and how hard to retry.</summary>
public sealed record PublishOptions
{
    /// <summary>The generated folder; the only thing a manifest commit may touch.</summary>
    public const string DeployFolder = "deploy";

    /// <summary>The remote to push to.</summary>
    public string Remote { get; init; } = "origin";

    /// <summary>The branch to push to; null: the checked-out branch (a detached HEAD then needs it set).</summary>
    public string? Branch { get; init; }

    public GitIdentity Author { get; init; } = GitIdentity.Default;

    public GitIdentity Committer { get; init; } = GitIdentity.Default;

    /// <summary>Pushes tried in all; after each non-fast-forward rejection the commit is rebased first.</summary>
    public int PushAttempts { get; init; } = 5;

    /// <summary>The wait before the first retry; it doubles before each next one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Report the commit and the push target, change nothing.</summary>
    public bool DryRun { get; init; }
}
