using KanikoImages.Build.Tools.Git;
using KanikoImages.Images;
using KanikoImages.Images.Hashing;
using KanikoImages.Tests.Publishing;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Images;

/// <summary>A repository in a temp folder (images.yaml + images/) and the catalog loaded from it.</summary>
internal sealed class ImageRepo : IDisposable
{
    public const string Registry = "registry.example.com/test";

    private readonly TempDirectory _folder = new();

    public ImageRepo(bool withSettings = true)
    {
        if (withSettings)
        {
            Write("images.yaml", $"registry: {Registry}\n");
        }
    }

    public string Path => _folder.Path;

    public string Write(string relativePath, string content) => _folder.Write(relativePath, content);

    public string WriteBytes(string relativePath, byte[] content)
    {
        var full = Full(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return full;
    }

    /// <summary>Every file with its bytes and timestamp, to prove a run wrote nothing.</summary>
    public IReadOnlyDictionary<string, string> Snapshot() => _folder.Snapshot();

    public string Full(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    public ImageCatalog Load(
        IReadOnlyDictionary<string, string>? arguments = null,
        IReadOnlyDictionary<string, string>? environment = null) =>
        CatalogLoader.Load(Path, arguments ?? new Dictionary<string, string>(), environment ?? new Dictionary<string, string>());

    /// <summary>Makes the folder a git work tree on branch main.</summary>
    public void InitGit() => GitRemote.Git(Path, "init", "--quiet", "--initial-branch=main");

    /// <summary>Commits every file (an empty commit when nothing changed).</summary>
    public void Commit()
    {
        GitRemote.Git(Path, "add", "--all");
        GitRemote.Git(Path, "commit", "--quiet", "--allow-empty", "-m", "change");
    }

    /// <summary>The catalog as the build loads it in a git work tree: git's index says what is tracked.</summary>
    public ImageCatalog LoadFromGit() =>
        CatalogLoader.Load(
            Path,
            new Dictionary<string, string>(),
            new Dictionary<string, string>(),
            FileSystemExecutableBits.Instance,
            new GitIndexReader(GitRemote.CakeGit(), Path));

    public ImageDefinition Image(string name) => Load().Images.Single(i => i.Name == name);

    public string Hash(string name) => Image(name).Hash.Value;

    /// <summary>The loader's error message; fails the test when loading succeeds.</summary>
    public string Error(
        IReadOnlyDictionary<string, string>? arguments = null,
        IReadOnlyDictionary<string, string>? environment = null) =>
        Assert.Throws<CatalogException>(() => Load(arguments, environment)).Message;

    public void Dispose() => _folder.Dispose();
}
