using Cake.Core.IO;
using KanikoImages.Manifests.Sources;
using KanikoImages.Publishing;

namespace KanikoImages.Build.Tools.Git;

/// <summary>
/// Publishing's git operations on the working tree at <paramref name="root"/>, run through the Cake git tool
/// (<paramref name="toolPath"/> overrides the git found on PATH). Paths are repository-relative with '/'.
/// </summary>
public sealed class GitRepository(GitRunner git, string root, FilePath? toolPath = null) : IGitRepository
{
    public string TopLevel()
    {
        var prefix = Run(["rev-parse", "--show-prefix"]);
        if (prefix.ExitCode != 0)
        {
            throw new PublishException($"{root}: not a git repository, so there is nothing to publish to. git said: {GitText.Redact(prefix.ErrorText)}");
        }

        if (Text(prefix).Trim() is { Length: > 0 } inside)
        {
            throw new PublishException($"{root}: this is the folder '{inside}' inside a git repository; publish from the repository's top folder.");
        }

        return root;
    }

    public string? CurrentBranch() => Optional(["symbolic-ref", "--quiet", "--short", "HEAD"]);

    public string? RemoteUrl(string remote) => Optional(["remote", "get-url", remote]);

    public string? RevParse(string revision) => Optional(["rev-parse", "--quiet", "--verify", revision + "^{commit}"]);

    public IReadOnlyList<string> Status(string path) =>
        GitZOutput.Status(Required(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", path], "status").StandardOutput)
            .SelectMany(entry => entry.OriginalPath is { } original ? [entry.Path, original] : new[] { entry.Path })
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    public string? ReadFile(string revision, string path)
    {
        var output = Run(["show", $"{revision}:{path}"]);
        return output.ExitCode == 0 ? Text(output) : null;
    }

    public string? WorkingBlob(string path, string source) =>
        File.Exists(source) ? Text(Required(["hash-object", "--path", path, "--", source], "hash-object")).Trim() : null;

    public string? Blob(string revision, string path) => Optional(["rev-parse", "--quiet", "--verify", $"{revision}:{path}"]);

    public void Add(IReadOnlyList<string> paths) => Required(["add", "--all", "--", .. Literal(paths)], "add");

    public string Commit(IReadOnlyList<string> paths, string message, GitIdentity author, GitIdentity committer)
    {
        Required(["commit", "--quiet", "--message", message, "--", .. Literal(paths)], "commit", Identity("AUTHOR", author, Identity("COMMITTER", committer)));
        return RevParse("HEAD")!;
    }

    public IReadOnlyList<GitCommit> CommitsNotIn(string upstream) =>
        Text(Required(["log", "--format=%H %s", $"{upstream}..HEAD"], "log"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2))
            .Select(parts => new GitCommit(parts[0], parts.Length > 1 ? parts[1] : ""))
            .ToList();

    public string CommitMessage(string commit) => Text(Required(["log", "-1", "--format=%B", commit], "log"));

    public IReadOnlyList<string> CommitPaths(string commit) =>
        Fields(Required(["diff-tree", "--no-commit-id", "--name-only", "-r", "-z", "--root", commit], "diff-tree"));

    public void Uncommit(IReadOnlyList<string> paths)
    {
        Required(["reset", "--quiet", "--soft", "HEAD~1"], "reset");
        Required(["reset", "--quiet", "--", .. Literal(paths)], "reset");
    }

    public string Fetch(string remote, string branch, TimeSpan timeout)
    {
        var output = Network(["fetch", "--quiet", "--no-tags", remote, $"refs/heads/{branch}"], timeout);
        if (output.TimedOut)
        {
            throw new PublishException(NoAnswer("fetch", timeout));
        }

        if (output.ExitCode != 0)
        {
            throw Failure($"fetch {remote} refs/heads/{branch}", output);
        }

        return RevParse("FETCH_HEAD")!;
    }

    public string MergeBase(string first, string second)
    {
        var output = Run(["merge-base", first, second]);
        return output.ExitCode switch
        {
            0 => Text(output).Trim(),
            // merge-base says nothing at all when the two commits have no common ancestor.
            1 when output.ErrorText.Trim().Length == 0 => throw new PublishException(
                $"{first} and {second} share no history (git merge-base found no common commit): the remote branch was " +
                "re-created or force-pushed with unrelated history. Check it by hand; nothing was published."),
            _ => throw Failure("merge-base", output),
        };
    }

    public IReadOnlyList<string> ChangedPaths(string from, string to) =>
        Fields(Required(["diff", "--name-only", "-z", from, to], "diff"));

    public RebaseResult Rebase(string upstream, GitIdentity committer) =>
        Rebasing(["rebase", "--autostash", upstream], committer);

    public RebaseResult ContinueRebase(GitIdentity committer) =>
        // A conflict resolved to exactly what upstream has leaves nothing to commit: that commit is dropped.
        Run(["diff", "--cached", "--quiet"]).ExitCode == 0
            ? Rebasing(["rebase", "--skip"], committer)
            : Rebasing(["rebase", "--continue"], committer);

    public void AbortRebase()
    {
        // git keeps a stopped rebase's state in rebase-merge/ (rebase-apply/ for the older backend).
        var inProgress = new[] { "rebase-merge", "rebase-apply" }
            .Select(state => Text(Required(["rev-parse", "--git-path", state], "rev-parse")).Trim())
            .Any(state => Directory.Exists(System.IO.Path.Combine(root, state)));
        if (inProgress)
        {
            Required(["rebase", "--abort"], "rebase --abort");
        }
    }

    public PushResult Push(string remote, string branch, TimeSpan timeout)
    {
        var output = Network(["push", "--porcelain", remote, $"HEAD:refs/heads/{branch}"], timeout);
        return output.TimedOut
            ? new PushResult(PushStatus.Failed, NoAnswer("push", timeout) + " The remote may or may not have the commit: run Publish again to see.")
            : PushResult.FromPorcelain(output.ExitCode, output.StandardOutput, output.StandardError);
    }

    /// <summary>
    /// A step that talks to the remote, stopped after <paramref name="timeout"/>: a remote can accept the
    /// connection and never answer, and git itself waits forever then. HTTP transfers slower than 1 KB/s for
    /// the same time are also given up by git's own remote helper, which the stop may leave running.
    /// </summary>
    private ToolOutput Network(string[] arguments, TimeSpan timeout)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Run(["-c", "http.lowSpeedLimit=1000", "-c", $"http.lowSpeedTime={seconds}", .. arguments], timeout: timeout);
    }

    private static string NoAnswer(string what, TimeSpan timeout) =>
        $"git {what} did not finish within {timeout.TotalSeconds:0.###} s and was stopped: the remote does not answer " +
        "(--git-timeout sets how long to wait).";

    /// <summary>A rebase step: done, stopped on conflicts (listed), or failed outright (an error).</summary>
    private RebaseResult Rebasing(string[] arguments, GitIdentity committer)
    {
        // The rebase reuses each commit's message (no editor may open in CI) and re-commits as the committer.
        var output = Run(arguments, Identity("COMMITTER", committer, new Dictionary<string, string> { ["GIT_EDITOR"] = "true" }));
        if (output.ExitCode == 0)
        {
            return RebaseResult.Done;
        }

        var conflicts = Fields(Required(["diff", "--name-only", "--diff-filter=U", "-z"], "diff"));
        return conflicts.Count > 0
            ? new RebaseResult(conflicts)
            : throw Failure(string.Join(' ', arguments.Take(2)), output);
    }

    /// <summary>
    /// Adds git's own identity variables for <paramref name="role"/> (AUTHOR or COMMITTER): they beat any
    /// user.name/user.email configuration, and CI runners need none.
    /// </summary>
    private static Dictionary<string, string> Identity(string role, GitIdentity identity, Dictionary<string, string>? environment = null)
    {
        environment ??= [];
        environment[$"GIT_{role}_NAME"] = identity.Name;
        environment[$"GIT_{role}_EMAIL"] = identity.Email;
        return environment;
    }

    private string? Optional(string[] arguments)
    {
        var output = Run(arguments);
        return output.ExitCode == 0 ? Text(output).Trim() : null;
    }

    private ToolOutput Required(string[] arguments, string what, IDictionary<string, string>? environment = null)
    {
        var output = Run(arguments, environment);
        return output.ExitCode == 0 ? output : throw Failure(what, output);
    }

    private PublishException Failure(string what, ToolOutput output) =>
        new($"git {what} failed in {root} (exit code {output.ExitCode}): " +
            (output.ErrorText.Trim() is { Length: > 0 } reason ? GitText.Redact(reason) : "git printed no reason."));

    private ToolOutput Run(string[] arguments, IDictionary<string, string>? environment = null, TimeSpan? timeout = null) =>
        git.Run(root, arguments, new GitSettings
        {
            ToolPath = toolPath,
            ToolTimeout = timeout,
            EnvironmentVariables = environment is null ? null : new Dictionary<string, string>(environment),
        });

    /// <summary>Pathspecs that match exactly these paths, whatever characters they hold.</summary>
    private static IEnumerable<string> Literal(IEnumerable<string> paths) => paths.Select(path => ":(literal)" + path);

    private static string Text(ToolOutput output) => string.Join('\n', output.StandardOutput);

    private static IReadOnlyList<string> Fields(ToolOutput output) => GitZOutput.Fields(output.StandardOutput);
}
