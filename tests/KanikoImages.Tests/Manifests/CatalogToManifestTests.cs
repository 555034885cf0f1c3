using KanikoImages.Manifests;
using KanikoImages.Tests.Images;

namespace KanikoImages.Tests.Manifests;

/// <summary>What the catalog loaded from a real folder turns into: the ConfigMap and the push destination.</summary>
public sealed class CatalogToManifestTests : IDisposable
{
    private readonly ImageRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void The_name_colon_tag_layout_pushes_to_the_name_with_the_tag()
    {
        _repo.Write("images/busybox:1.36/Dockerfile", "FROM busybox:1.36\n");

        var image = Assert.Single(Generate().Images);

        var args = image.Job().Spec.Template.Spec.Containers.Single().Args;
        Assert.Contains($"--destination={ImageRepo.Registry}/busybox:1.36", args);
        Assert.Contains($"--destination={ImageRepo.Registry}/busybox:sha-{image.Image.Hash.Short}", args);
        Assert.DoesNotContain(args, a => a.Contains("busybox-1-36", StringComparison.Ordinal));
        // Kubernetes names keep the tag, so two tags of one image stay two objects.
        Assert.StartsWith("busybox-1-36-", image.JobName);
    }

    [Fact]
    public void The_ConfigMap_carries_exactly_the_bytes_that_were_hashed()
    {
        _repo.Write("images/app/Dockerfile", "FROM alpine\r\nCOPY latin1.txt /\r\n");
        _repo.WriteBytes("images/app/latin1.txt", [0x63, 0x61, 0x66, 0xE9, 0x0D, 0x0A]);
        _repo.Write("images/app/image.yaml", "contextMode: configmap\n");
        _repo.Write("images/app/.dockerignore", "image.yaml\n");
        var catalog = _repo.Load();

        // A change after hashing cannot reach the ConfigMap: it holds what the catalog read, nothing read later.
        _repo.Write("images/app/Dockerfile", "FROM alpine\nCOPY MARKER /\n");
        var configMap = ManifestGenerator.Generate(catalog, _repo.Path, new FixedSources(null), new ManifestOptions(false)).Images.Single().ConfigMap()!;

        Assert.Equal("FROM alpine\nCOPY latin1.txt /\n", configMap.Data["Dockerfile"]);
        // Not UTF-8: byte for byte, CRLF kept, as the hash saw it.
        Assert.Equal([0x63, 0x61, 0x66, 0xE9, 0x0D, 0x0A], configMap.BinaryData["latin1.txt"]);
        var hashed = catalog.Images.Single().Files.Single(f => f.Path == "latin1.txt");
        Assert.Equal(6, hashed.Length);
    }

    private GeneratedManifests Generate() =>
        ManifestGenerator.Generate(_repo.Load(), _repo.Path, new FixedSources(null), new ManifestOptions(false));
}
