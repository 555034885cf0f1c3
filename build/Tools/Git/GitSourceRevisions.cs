using System.Collections.Concurrent;
using KanikoImages.Manifests;
using KanikoImages.Manifests.Sources;

namespace KanikoImages.Build.Tools.Git;

/// <summary>
/// The manifest stage's view of git, in three git calls whatever the number of images: where the repository
/// sits in the work tree, the first-parent history of the paths, and the uncommitted changes below them.
/// </summary>
public sealed class GitSourceRevisions(GitRunner git, string repositoryRoot) : ISourceRevisions
{
    private readonly ConcurrentDictionary<string, bool> _inHistory = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HashSet<string>?> _changedSince = new(StringComparer.Ordinal);

    public SourceHistory? Read(IReadOnlyCollection<string> pathspecs, bool workTreeMatchesIndex)
    {
        // One line each, in this order; the prefix line is empty at the work tree's top.
        var parse = git.Run(repositoryRoot, ["rev-parse", "--is-shallow-repository", "--show-prefix"]);
        if (parse.ExitCode != 0)
        {
            return null;
        }

        var shallow = parse.StandardOutput.FirstOrDefault()?.Trim() == "true";
        var root = parse.StandardOutput.Skip(1).FirstOrDefault()?.Trim() ?? "";
        string[] paths = ["--", .. pathspecs.Count == 0 ? ["."] : pathspecs];
        // status (a stat of every file) and log (a walk of the history) are independent: run them side by side.
        var uncommitted = Task.Run(() => Uncommitted(root, paths, workTreeMatchesIndex));
        var commits = Commits(root, paths);
        return new SourceHistory(root, commits, uncommitted.GetAwaiter().GetResult()) { Shallow = shallow };
    }

    /// <summary>
    /// Whether <paramref name="commit"/> is in HEAD's history and holds <paramref name="paths"/> as HEAD does: a
    /// Job pinned to it builds what this commit holds (see GeneratedDeployCheck). Jobs pinned to one commit (all the
    /// images of a merged pull request) share its two git calls: whether it is an ancestor, and what changed since.
    /// </summary>
    public bool SameSourcesAt(string commit, IReadOnlyList<string> paths)
    {
        if (!_inHistory.GetOrAdd(commit, c => git.Run(repositoryRoot, ["merge-base", "--is-ancestor", c, "HEAD"]).ExitCode == 0))
        {
            return false;
        }

        return paths.All(IsPlain) && _changedSince.GetOrAdd(commit, ChangedSince) is { } changed
            ? !paths.Any(p => p == "." ? changed.Count > 0 : changed.Contains(p))
            : git.Run(repositoryRoot, ["diff", "--quiet", commit, "HEAD", "--", .. paths.Select(p => ":(literal)" + p)]).ExitCode == 0;
    }

    /// <summary>
    /// Every file below the repository root that differs between <paramref name="commit"/> and HEAD, and every folder
    /// holding one; null when git cannot tell. Renames count as delete and add, so a file moved out of a folder
    /// changes it. Compared ignoring case: a difference in case only can make a Job differ, never hide one.
    /// </summary>
    private HashSet<string>? ChangedSince(string commit)
    {
        var diff = git.Run(repositoryRoot, ["-c", "core.quotePath=off", "diff", "--name-only", "--no-renames", "--relative", "-z", commit, "HEAD"]);
        if (diff.ExitCode != 0)
        {
            return null;
        }

        var changed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in GitZOutput.Fields(diff.StandardOutput))
        {
            for (var path = file; path.Length > 0 && changed.Add(path);)
            {
                path = path[..Math.Max(path.LastIndexOf('/'), 0)];
            }
        }

        return changed;
    }

    /// <summary>
    /// A path the changed-file set answers for as git's literal pathspec would: "." or a/b with nothing to normalize
    /// and no line break (the tool runner's lines could alter one); any other is left to git.
    /// </summary>
    private static bool IsPlain(string path) =>
        path == "." || (path.Length > 0 && path.Split('/').All(s => s is not ("" or "." or "..")) && !path.Any(c => c is '\\' or '\r' or '\n'));

    private List<CommitChanges> Commits(string prefix, string[] paths)
    {
        // --no-renames lists a rename as delete + add, so both images see it; -z keeps odd file names intact.
        var log = git.Run(
            repositoryRoot,
            ["-c", "core.quotePath=off", "log", "--first-parent", "--diff-merges=first-parent", "--no-renames",
             "--format=%x01%H", "--name-only", "-z", .. paths]);
        var commits = new List<CommitChanges>();
        if (log.ExitCode != 0)
        {
            // A repository without commits yet: every image is uncommitted.
            return commits;
        }

        string? commit = null;
        var changed = new List<string>();
        foreach (var token in Tokens(log.StandardOutput))
        {
            if (token.StartsWith('\u0001'))
            {
                Flush();
                commit = token[1..];
            }
            else if (Relative(prefix, token) is { } path)
            {
                changed.Add(path);
            }
        }

        Flush();
        return commits;

        void Flush()
        {
            if (commit is not null)
            {
                commits.Add(new CommitChanges(commit, changed));
            }

            changed = [];
        }
    }

    private List<UncommittedChange> Uncommitted(string prefix, string[] paths, bool workTreeMatchesIndex)
    {
        // The catalog has compared every tracked file with the index already: status would only add the index's
        // differences from HEAD, which diff-index finds without another lstat of every file. Without a HEAD (no commit
        // yet) diff-index fails, and status answers as always.
        if (workTreeMatchesIndex)
        {
            var staged = git.Run(repositoryRoot, ["diff-index", "--cached", "--name-status", "--no-renames", "-z", "HEAD", .. paths]);
            if (staged.ExitCode == 0)
            {
                return GitZOutput.NameStatus(staged.StandardOutput)
                    .Select(e => (Path: Relative(prefix, e.Path), e.Deleted))
                    .Where(e => e.Path is not null)
                    .Select(e => new UncommittedChange(e.Path!, e.Deleted))
                    .ToList();
            }
        }

        // --no-optional-locks: a read must not refresh .git/index (a dry run writes nothing, not even there).
        // Tracked files only: the hash reads no untracked context file, and the catalog names an untracked
        // Dockerfile or ignore file itself (ImageDefinition.Untracked); listing untracked and ignored files walked
        // every folder for nothing.
        var status = git.Run(
            repositoryRoot,
            ["--no-optional-locks", "status", "--porcelain=v1", "-z", "--untracked-files=no", "--no-renames", .. paths]);
        if (status.ExitCode != 0)
        {
            throw new ManifestException($"git status failed in {repositoryRoot}: {status.ErrorText}");
        }

        return GitZOutput.Status(status.StandardOutput)
            .Select(e => (Path: Relative(prefix, e.Path), e.Deleted))
            .Where(e => e.Path is not null)
            .Select(e => new UncommittedChange(e.Path!, e.Deleted))
            .ToList();
    }

    /// <summary>The fields of log's -z output; a newline separates the format line from the first path.</summary>
    private static IEnumerable<string> Tokens(IReadOnlyList<string> lines) =>
        GitZOutput.Fields(lines).Select(t => t.TrimStart('\n')).Where(t => t.Length > 0);

    /// <summary>A work-tree-relative path as a repository-relative one; null outside the repository root.</summary>
    private static string? Relative(string prefix, string path) =>
        path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : null;
}
