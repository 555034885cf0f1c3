using Cake.Core.IO;
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

    public IReadOnlyList<string> Status(string path)
    {
        // -z: one "XY path" entry per NUL; a rename or copy is followed by an entry holding its old path.
        var entries = Fields(Required(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", path], "status"));
        var paths = new List<string>();
        for (var i = 0; i < entries.Count; i++)
        {
            paths.Add(entries[i][3..]);
            if (entries[i][0] is 'R' or 'C')
            {
                paths.Add(entries[++i]);
            }
        }

        return paths.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    public string? ReadFile(string revision, string path)
    {
        var output = Run(["show", $"{revision}:{path}"]);
        return output.ExitCode == 0 ? Text(output) : null;
    }

    public void Add(string path) => Required(["add", "--all", "--", path], "add");

    public string Commit(string path, string message, GitIdentity author, GitIdentity committer)
    {
        Required(["commit", "--quiet", "--message", message, "--", path], "commit", Identity("AUTHOR", author, Identity("COMMITTER", committer)));
        return RevParse("HEAD")!;
    }

    public string CommitMessage(string commit) => Text(Required(["log", "-1", "--format=%B", commit], "log"));

    public IReadOnlyList<string> CommitPaths(string commit) =>
        Fields(Required(["diff-tree", "--no-commit-id", "--name-only", "-r", "-z", "--root", commit], "diff-tree"));

    public void Uncommit(string path)
    {
        Required(["reset", "--quiet", "--soft", "HEAD~1"], "reset");
        Required(["reset", "--quiet", "--", path], "reset");
    }

    public string Fetch(string remote, string branch)
    {
        Required(["fetch", "--quiet", remote, $"refs/heads/{branch}"], "fetch");
        return RevParse("FETCH_HEAD")!;
    }

    public string MergeBase(string first, string second) => Text(Required(["merge-base", first, second], "merge-base")).Trim();

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

    public PushResult Push(string remote, string branch)
    {
        var output = Run(["push", "--porcelain", remote, $"HEAD:refs/heads/{branch}"]);
        return PushResult.FromPorcelain(output.ExitCode, output.StandardOutput, output.StandardError);
    }

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
        new($"git {what} failed in {root} (exit code {output.ExitCode}): {GitText.Redact(output.ErrorText)}");

    private ToolOutput Run(string[] arguments, IDictionary<string, string>? environment = null) =>
        git.Run(root, arguments, new GitSettings
        {
            ToolPath = toolPath,
            EnvironmentVariables = environment is null ? null : new Dictionary<string, string>(environment),
        });

    private static string Text(ToolOutput output) => string.Join('\n', output.StandardOutput);

    /// <summary>The NUL-separated fields of a -z output.</summary>
    private static List<string> Fields(ToolOutput output) =>
        Text(output).Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
}
