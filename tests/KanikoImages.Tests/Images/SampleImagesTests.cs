using KanikoImages.Manifests;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Images;

/// <summary>
/// The repository's own images.yaml and images/, whatever images a team keeps there: a copy of them in a temp
/// git repository generates and validates cleanly. No other test reads images/, so adding an image never
/// breaks the suite unless that image itself is broken.
/// </summary>
public sealed class SampleImagesTests : IDisposable
{
    private readonly TempDirectory _copy = new();

    public void Dispose() => _copy.Dispose();

    [Fact]
    public void The_repositorys_images_generate_and_validate_cleanly()
    {
        File.Copy(Path.Combine(Paths.RepositoryRoot, "images.yaml"), Path.Combine(_copy.Path, "images.yaml"));
        CopyFolder(Path.Combine(Paths.RepositoryRoot, "images"), Path.Combine(_copy.Path, "images"));
        Git("init", "--quiet", "--initial-branch=main");
        Git("add", "--all");
        Git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "images");

        var result = BuildRunner.Run(["Default", "--working", _copy.Path], new Dictionary<string, string?> { ["CI"] = null });

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain("warning", result.Output, StringComparison.OrdinalIgnoreCase);
        Assert.True(File.Exists(Path.Combine(_copy.Path, ManifestConventions.ManifestPath)), result.Output);
    }

    private void Git(params string[] arguments)
    {
        var result = ProcessResult.Run("git", arguments, _copy.Path);
        Assert.True(result.ExitCode == 0, result.Output);
    }

    /// <summary>Copies files and symbolic links as they are (git keeps links as links too).</summary>
    private static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var destination = Path.Combine(target, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(destination, link);
            }
            else if (entry is DirectoryInfo)
            {
                CopyFolder(entry.FullName, destination);
            }
            else
            {
                File.Copy(entry.FullName, destination);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(destination, File.GetUnixFileMode(entry.FullName));
                }
            }
        }
    }
}
