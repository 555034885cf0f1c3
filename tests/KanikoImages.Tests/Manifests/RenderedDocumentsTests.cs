using System.Security.Cryptography;
using KanikoImages.Images.Caching;
using KanikoImages.Manifests;
using KanikoImages.Manifests.Output;
using KanikoImages.Tests.Support;
using KanikoImages.Tests.Validation;

namespace KanikoImages.Tests.Manifests;

/// <summary>
/// The render cache: a document whose object is unchanged is taken from deploy/manifest.yaml instead of being emitted
/// again, but only where deploy/ holds exactly the bytes the writer gave; the output is always the writer's.
/// </summary>
public sealed class RenderedDocumentsTests : IDisposable
{
    private readonly TempDirectory _repo = new();
    private readonly CacheSeal _seal = new(RandomNumberGenerator.GetBytes(32));
    private readonly List<object> _objects = KanikoManifest.Objects(KanikoManifest.Catalog("python-app", "go-tool")).ToList();

    public void Dispose() => _repo.Dispose();

    private string Folder => Path.Combine(_repo.Path, CacheFolder.RelativePath);

    private string Manifest => Path.Combine(_repo.Path, ManifestConventions.ManifestPath);

    [Fact]
    public void Unchanged_objects_are_taken_from_deploy_byte_for_byte()
    {
        var written = Generate(RenderedDocuments.Empty());

        var cache = RenderedDocuments.Load(Folder, _seal, Manifest);
        var again = Render(cache);

        Assert.Equal(_objects.Count, cache.Hits);
        Assert.Equal(written, again);
        Assert.Null(cache.Changed(_seal));
    }

    [Fact]
    public void A_document_edited_in_deploy_is_emitted_again()
    {
        var written = Generate(RenderedDocuments.Empty());
        File.WriteAllText(Manifest, File.ReadAllText(Manifest).Replace("backoffLimit: 2", "backoffLimit: 3"));

        var cache = RenderedDocuments.Load(Folder, _seal, Manifest);
        var again = Render(cache);

        Assert.Equal(_objects.Count - 2, cache.Hits); // both Jobs were edited
        Assert.Equal(written, again);
    }

    [Fact]
    public void A_cache_another_key_sealed_is_not_read()
    {
        Generate(RenderedDocuments.Empty());

        var foreign = RenderedDocuments.Load(Folder, new CacheSeal(RandomNumberGenerator.GetBytes(32)), Manifest);
        Render(foreign);

        Assert.Equal(0, foreign.Hits);
    }

    /// <summary>Renders, writes deploy/manifest.yaml and the cache, as GenerateManifests does.</summary>
    private List<byte[]> Generate(RenderedDocuments cache)
    {
        var documents = Render(cache);
        Directory.CreateDirectory(Path.GetDirectoryName(Manifest)!);
        using (var stream = File.Create(Manifest))
        {
            ManifestSerializer.Manifest(documents).WriteTo(stream);
        }

        AtomicFile.Write(Path.Combine(CacheFolder.Of(_repo.Path, create: true)!, RenderedDocuments.FileName), cache.Changed(_seal)!);
        return documents;
    }

    private List<byte[]> Render(RenderedDocuments cache) => _objects.Select(o => YamlDocumentWriter.Write(o, cache)).ToList();
}
