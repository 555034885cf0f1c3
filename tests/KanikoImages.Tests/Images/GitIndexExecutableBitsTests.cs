using KanikoImages.Images;
using KanikoImages.Images.Hashing;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Images;

/// <summary>
/// On Windows the executable bit comes from git's index (`git ls-files --stage -z`); checked here against a real
/// git repository whose index says 100755 for a file the file system does not mark executable.
/// </summary>
public sealed class GitIndexExecutableBitsTests : IDisposable
{
    private readonly ImageRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void The_index_mode_decides_and_gives_the_hash_a_linux_checkout_gets()
    {
        _repo.Write("images/app/Dockerfile", "FROM alpine\nCOPY . /\n");
        var script = _repo.Write("images/app/run me.sh", "echo hi\n");
        Git("init", "-q");
        Git("add", ".");
        Git("update-index", "--chmod=+x", "images/app/run me.sh");
        var index = GitIndexExecutableBits.FromLsFilesStage(Git("ls-files", "--stage", "-z"));

        var fromIndex = Load(index);
        File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserExecute);
        var fromFileSystem = Load(FileSystemExecutableBits.Instance);

        Assert.True(fromIndex.Files.Single(f => f.Path == "run me.sh").Executable);
        Assert.False(fromIndex.Files.Single(f => f.Path == "Dockerfile").Executable);
        Assert.Equal(fromFileSystem.Hash, fromIndex.Hash);
    }

    private ImageDefinition Load(IExecutableBits bits) =>
        CatalogLoader.Load(_repo.Path, new Dictionary<string, string>(), new Dictionary<string, string>(), bits, index: null).Images.Single();

    private string Git(params string[] arguments)
    {
        var result = ProcessResult.Run("git", arguments, _repo.Path);
        Assert.True(result.ExitCode == 0, result.Output);
        return result.StandardOutput;
    }
}
