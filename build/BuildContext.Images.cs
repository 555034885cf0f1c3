using KanikoImages.Images;
using KanikoImages.Images.Hashing;

namespace KanikoImages.Build;

/// <summary>Stage 1's parameters.</summary>
public sealed partial class BuildContext
{
    /// <summary>--graph: HashImages prints the dependency graph in this format instead of the table.</summary>
    public GraphFormat? Graph { get; private set; }

    private void ReadImages(List<string> problems)
    {
        if (Value(BuildOptions.Graph) is not { } graph)
        {
            return;
        }

        try
        {
            Graph = GraphText.Parse(graph);
        }
        catch (FormatException e)
        {
            problems.Add($"--{BuildOptions.Graph.Name}: {e.Message}.");
        }
    }

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
