namespace KanikoImages.Publishing;

/// <summary>Where and as whom to publish, and how hard to retry.</summary>
public sealed record PublishOptions
{
    /// <summary>The remote to push to.</summary>
    public string Remote { get; init; } = "origin";

    /// <summary>
    /// git.branch: the branch Argo CD watches and the only one published to. A checkout of another branch is
    /// refused; a detached HEAD (a CI checkout of a commit) is fine.
    /// </summary>
    public required string Branch { get; init; }

    public GitIdentity Author { get; init; } = GitIdentity.Default;

    public GitIdentity Committer { get; init; } = GitIdentity.Default;

    /// <summary>Pushes tried in all; after each non-fast-forward rejection the commit is rebased first.</summary>
    public int PushAttempts { get; init; } = 5;

    /// <summary>The wait before the first retry; it doubles before each next one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one fetch or push may take before it is stopped (a remote that accepts and never answers).</summary>
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Report the commit and the push target, change nothing.</summary>
    public bool DryRun { get; init; }
}
