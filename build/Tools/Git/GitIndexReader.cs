using KanikoImages.Images.Hashing;

namespace KanikoImages.Build.Tools.Git;

/// <summary>
/// The hash's view of git's index: the index file itself when <see cref="GitIndexFile"/> can read it, else one
/// `git ls-files --stage -z` below the repository root.
/// </summary>
public sealed class GitIndexReader(GitRunner git, string repositoryRoot) : IGitIndex
{
    public GitIndex? Read()
    {
        if (GitIndexFile.Read(repositoryRoot) is { } entries)
        {
            return entries;
        }

        // Run in the repository root, ls-files lists only the files below it, relative to it.
        var output = git.Run(repositoryRoot, ["ls-files", "--stage", "-z"]);
        return output.ExitCode == 0 ? GitIndex.Parse(string.Join('\n', output.StandardOutput)) : null;
    }
}
