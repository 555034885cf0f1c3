using KanikoImages.Images;
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

    public ImageDefinition Image(string name) => Load().Images.Single(i => i.Name == name);

    public string Hash(string name) => Image(name).Hash.Value;

    /// <summary>The loader's error message; fails the test when loading succeeds.</summary>
    public string Error(
        IReadOnlyDictionary<string, string>? arguments = null,
        IReadOnlyDictionary<string, string>? environment = null) =>
        Assert.Throws<CatalogException>(() => Load(arguments, environment)).Message;

    public void Dispose() => _folder.Dispose();
}
