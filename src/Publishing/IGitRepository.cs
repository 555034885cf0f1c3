namespace KanikoImages.Publishing;

/// <summary>
/// The git operations publishing needs, on one working tree. build/ implements it with the git CLI; an
/// unexpected git failure is a <see cref="PublishException"/> carrying git's message (credentials redacted).
/// </summary>
public interface IGitRepository
{
    /// <summary>The working tree's top folder; throws a clear error when the folder is not in a git repository.</summary>
    string TopLevel();

    /// <summary>The checked-out branch's short name, or null on a detached HEAD.</summary>
    string? CurrentBranch();

    /// <summary>The URL of <paramref name="remote"/>, or null when no such remote is configured.</summary>
    string? RemoteUrl(string remote);

    /// <summary>The commit id <paramref name="revision"/> names, or null when it names none (e.g. HEAD of an empty repository).</summary>
    string? RevParse(string revision);

    /// <summary>Paths under <paramref name="path"/> that differ from HEAD: staged, unstaged or untracked.</summary>
    IReadOnlyList<string> Status(string path);

    /// <summary>The text of <paramref name="path"/> at <paramref name="revision"/>, or null when it does not exist there.</summary>
    string? ReadFile(string revision, string path);

    /// <summary>Stages every change under <paramref name="path"/>, deletions and new files included.</summary>
    void Add(string path);

    /// <summary>Commits only <paramref name="path"/> (other staged changes stay staged) and returns the new commit id.</summary>
    string Commit(string path, string message, GitIdentity author, GitIdentity committer);

    /// <summary>The full message of <paramref name="commit"/>.</summary>
    string CommitMessage(string commit);

    /// <summary>The paths <paramref name="commit"/> changes against its parent.</summary>
    IReadOnlyList<string> CommitPaths(string commit);

    /// <summary>Moves HEAD back one commit; that commit's changes under <paramref name="path"/> stay in the working tree, unstaged.</summary>
    void Uncommit(string path);

    /// <summary>Fetches <paramref name="branch"/> from <paramref name="remote"/> and returns its head commit id.</summary>
    string Fetch(string remote, string branch);

    string MergeBase(string first, string second);

    /// <summary>Paths that differ between two commits.</summary>
    IReadOnlyList<string> ChangedPaths(string from, string to);

    /// <summary>
    /// Replays the local commits onto <paramref name="upstream"/> as <paramref name="committer"/>; local
    /// uncommitted changes are kept aside and restored.
    /// </summary>
    RebaseResult Rebase(string upstream, GitIdentity committer);

    /// <summary>Goes on with a stopped rebase after its conflicts were resolved and staged.</summary>
    RebaseResult ContinueRebase(GitIdentity committer);

    /// <summary>Stops a rebase in progress (if any) and puts HEAD and the working tree back as they were before it.</summary>
    void AbortRebase();

    /// <summary>Pushes HEAD to refs/heads/<paramref name="branch"/> on <paramref name="remote"/>; never forced.</summary>
    PushResult Push(string remote, string branch);
}

/// <summary>A rebase that finished, or stopped with conflicts in <see cref="Conflicts"/>.</summary>
public sealed record RebaseResult(IReadOnlyList<string> Conflicts)
{
    public static RebaseResult Done { get; } = new([]);

    public bool Completed => Conflicts.Count == 0;
}
