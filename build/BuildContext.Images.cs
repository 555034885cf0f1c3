using KanikoImages.Images.Hashing;

namespace KanikoImages.Build;

/// <summary>Stage 1's parameters.</summary>
public sealed partial class BuildContext
{
    /// <summary>
    /// Where the hash takes executable bits from. Windows file systems have none, so there the git index (what
    /// a Linux checkout of the same commit gets) decides; elsewhere the checkout's own file mode does.
    /// </summary>
    private IExecutableBits ExecutableBits()
    {
        if (!OperatingSystem.IsWindows())
        {
            return FileSystemExecutableBits.Instance;
        }

        var output = Git.Run(RepositoryRoot, ["ls-files", "--stage", "-z"]);
        if (output.ExitCode != 0)
        {
            throw new InvalidOperationException($"{RepositoryRoot}: git ls-files failed, so executable bits are unknown on Windows: {output.ErrorText}");
        }

        return GitIndexExecutableBits.FromLsFilesStage(string.Join('\n', output.StandardOutput));
    }
}
