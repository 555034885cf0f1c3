using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;
using KanikoImages.Images;
using KanikoImages.Images.Hashing;
using KanikoImages.Manifests;
using KanikoImages.Manifests.Output;
using KanikoImages.Manifests.Sources;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Manifests;

/// <summary>
/// A repository folder with images and the catalog for it, built here rather than by CatalogLoader so the
/// manifest stage is tested on exactly the records it consumes. The hash is a stand-in: sha256 over the files.
/// </summary>
public sealed class TestImages : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly List<ImageDefinition> _images = [];

    public string Root => _root.Path;

    public CatalogSettings Settings { get; set; } = new()
    {
        Registry = "registry.example.com/team",
        Git = new GitSettings { Url = "https://github.com/example/images.git", Branch = "main", CredentialsSecret = "git-credentials" },
    };

    public IReadOnlyList<ImageDefinition> Images => _images;

    public ImageCatalog Catalog => new(Settings, _images, []);

    /// <summary>Writes images/&lt;name&gt;/ with the files and adds its definition (context = the folder).</summary>
    public ImageDefinition Add(string name, IReadOnlyDictionary<string, byte[]> files, Func<ImageDefinition, ImageDefinition>? refine = null)
    {
        var folder = "images/" + name;
        foreach (var (path, bytes) in files)
        {
            var full = Path.Combine(Root, folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }

        var image = new ImageDefinition
        {
            Name = name,
            Folder = folder,
            Tags = ["1.0.0"],
            Dockerfile = folder + "/Dockerfile",
            Context = folder,
            ContextMode = ContextMode.Auto,
            Resources = ResourceSettings.Default,
            Timeout = TimeSpan.FromMinutes(30),
            // What the catalog keeps for a ConfigMap: the bytes as its one reader of context files gives them.
            Files = files.Keys.Order(StringComparer.Ordinal)
                .Select(p => new HashedFile(p, files[p].Length, p.EndsWith(".sh")) { Content = ContextContent.ForConfigMap(files[p]) })
                .ToList(),
            DockerfileContent = files.TryGetValue("Dockerfile", out var dockerfile) ? ContextContent.ForConfigMap(dockerfile) : null,
            Hash = Hash(files),
        };
        image = refine?.Invoke(image) ?? image;
        _images.RemoveAll(i => i.Name == name);
        _images.Add(image);
        return image;
    }

    public ImageDefinition AddText(string name, (string Path, string Text)[] files, Func<ImageDefinition, ImageDefinition>? refine = null) =>
        Add(name, files.ToDictionary(f => f.Path, f => Encoding.UTF8.GetBytes(f.Text)), refine);

    public GeneratedManifests Generate(ISourceRevisions? sources = null, bool requireCommitted = false) =>
        ManifestGenerator.Generate(Catalog, Root, sources ?? new FixedSources(null), new ManifestOptions(requireCommitted));

    public static ContentHash Hash(IReadOnlyDictionary<string, byte[]> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in files.Keys.Order(StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(path + "\0"));
            sha.AppendData(files[path]);
        }

        return new ContentHash(Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    public void Dispose() => _root.Dispose();
}

/// <summary>A git history given by the test (null: not a git work tree).</summary>
public sealed class FixedSources(SourceHistory? history) : ISourceRevisions
{
    public List<IReadOnlyCollection<string>> Calls { get; } = [];

    public SourceHistory? Read(IReadOnlyCollection<string> pathspecs, bool workTreeMatchesIndex)
    {
        Calls.Add(pathspecs);
        return history;
    }
}

/// <summary>A generated file's whole text (each part is whole UTF-8).</summary>
public static class GeneratedFileText
{
    public static string Text(this GeneratedFile file) => string.Concat(file.Parts.Select(part => Encoding.UTF8.GetString(part)));
}

/// <summary>An image's resources read back from the YAML the generator wrote for it.</summary>
public static class GeneratedImageDocuments
{
    public static V1Job Job(this GeneratedImage image) =>
        KubernetesYaml.Deserialize<V1Job>(Encoding.UTF8.GetString(image.Documents[^1]));

    /// <summary>The image's build-context ConfigMap; null for an image built from git.</summary>
    public static V1ConfigMap? ConfigMap(this GeneratedImage image) =>
        image.Documents.Count > image.JobNames.Count ? KubernetesYaml.Deserialize<V1ConfigMap>(Encoding.UTF8.GetString(image.Documents[0])) : null;
}
