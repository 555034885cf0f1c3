using KanikoImages.Images.Hashing;

namespace KanikoImages.Build.Tools.Git;

/// <summary>The hash's view of git's index: one `git ls-files --stage -z` below the repository root.</summary>
public sealed class GitIndexReader(GitRunner git, string repositoryRoot) : IGitIndex
{
    public IReadOnlyDictionary<string, GitIndexEntry>? Read()
    {
        // Run in the repository root, ls-files lists only the files below it, relative to it.
        var output = git.Run(repositoryRoot, ["ls-files", "--stage", "-z"]);
        return output.ExitCode == 0 ? GitIndexEntry.Parse(string.Join('\n', output.StandardOutput)) : null;
    }
}
