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

    /// <summary>
    /// The blob id git would store for the file at <paramref name="source"/> committed as <paramref name="path"/>
    /// (its attributes' filters applied), or null when there is no such file.
    /// </summary>
    string? WorkingBlob(string path, string source);

    /// <summary>The blob id of <paramref name="path"/> at <paramref name="revision"/>, or null when it does not exist there.</summary>
    string? Blob(string revision, string path);

    /// <summary>Stages exactly <paramref name="paths"/> (a deleted one as a deletion) and nothing else.</summary>
    void Add(IReadOnlyList<string> paths);

    /// <summary>Commits only <paramref name="paths"/> (other staged changes stay staged) and returns the new commit id.</summary>
    string Commit(IReadOnlyList<string> paths, string message, GitIdentity author, GitIdentity committer);

    /// <summary>The commits reachable from HEAD but not from <paramref name="upstream"/>, newest first.</summary>
    IReadOnlyList<GitCommit> CommitsNotIn(string upstream);

    /// <summary>The full message of <paramref name="commit"/>.</summary>
    string CommitMessage(string commit);

    /// <summary>The paths <paramref name="commit"/> changes against its parent.</summary>
    IReadOnlyList<string> CommitPaths(string commit);

    /// <summary>Moves HEAD back one commit; that commit's changes to <paramref name="paths"/> stay in the working tree, unstaged.</summary>
    void Uncommit(IReadOnlyList<string> paths);

    /// <summary>
    /// Fetches <paramref name="branch"/> from <paramref name="remote"/> and returns its head commit id; a remote
    /// that does not answer within <paramref name="timeout"/> is an error.
    /// </summary>
    string Fetch(string remote, string branch, TimeSpan timeout);

    /// <summary>The best common ancestor of two commits; an error when they share no history.</summary>
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

    /// <summary>
    /// Pushes HEAD to refs/heads/<paramref name="branch"/> on <paramref name="remote"/>; never forced. A push that
    /// does not finish within <paramref name="timeout"/> is stopped and reported as <see cref="PushStatus.Failed"/>.
    /// </summary>
    PushResult Push(string remote, string branch, TimeSpan timeout);
}

/// <summary>A commit as a list of them shows it.</summary>
public sealed record GitCommit(string Id, string Subject)
{
    public override string ToString() => $"{Id[..Math.Min(12, Id.Length)]} {Subject}";
}

/// <summary>A rebase that finished, or stopped with conflicts in <see cref="Conflicts"/>.</summary>
public sealed record RebaseResult(IReadOnlyList<string> Conflicts)
{
    public static RebaseResult Done { get; } = new([]);

    public bool Completed => Conflicts.Count == 0;
}
