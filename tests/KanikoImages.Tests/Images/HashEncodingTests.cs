using System.Buffers.Binary;
using System.Security.Cryptography;

namespace KanikoImages.Tests.Images;

/// <summary>
/// The hash is the documented encoding (docs/content-hash.md), recomputed here independently: a change to
/// the encoding would silently rebuild every image, so it must be deliberate (and bump the format version).
/// </summary>
public sealed class HashEncodingTests
{
    [Fact]
    public void The_hash_is_sha256_over_the_documented_versioned_encoding()
    {
        using var repo = new ImageRepo();
        repo.Write("images/app/Dockerfile", "FROM alpine AS runtime\r\nCOPY run.sh /\r\n");
        var script = repo.Write("images/app/run.sh", "#!/bin/sh\r\necho hi\r\n");
        File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserExecute);
        repo.Write("images/app/.dockerignore", "image.yaml\n");
        repo.Write("images/app/image.yaml", "target: runtime\nbuildArgs:\n  B: two\n  A: one\n");

        var expected = new Encoding()
            .Field("kaniko-k8s-images content hash v1")
            .Field("dockerfile").Field("Dockerfile").Field(Sha256("FROM alpine AS runtime\nCOPY run.sh /\n"))
            .Field("target").Field("runtime")
            .Field("arg").Field("A").Field("one")
            .Field("arg").Field("B").Field("two")
            .Field("file").Field(".dockerignore").Field("-").Field(Sha256("image.yaml\n"))
            .Field("file").Field("Dockerfile").Field("-").Field(Sha256("FROM alpine AS runtime\nCOPY run.sh /\n"))
            .Field("file").Field("run.sh").Field("x").Field(Sha256("#!/bin/sh\necho hi\n"))
            .Hash();

        Assert.Equal(expected, repo.Hash("app"));
    }

    [Fact]
    public void An_image_with_bases_hashes_its_own_v1_hash_and_each_bases_hash_in_the_v2_encoding()
    {
        using var repo = new ImageRepo();
        repo.Write("images/app/Dockerfile", $"FROM {ImageRepo.Registry}/zeta\nCOPY --from={ImageRepo.Registry}/alpha / /\n");
        var own = repo.Hash("app");
        repo.Write("images/zeta/Dockerfile", "FROM alpine\n");
        repo.Write("images/alpha/Dockerfile", "FROM busybox\n");

        var catalog = repo.Load().Images.ToDictionary(i => i.Name, i => i.Hash.Value);
        var expected = new Encoding()
            .Field("kaniko-k8s-images content hash v2 with bases")
            .Field(own)
            .Field("base").Field("alpha").Field(catalog["alpha"])
            .Field("base").Field("zeta").Field(catalog["zeta"])
            .Hash();

        Assert.Equal(expected, catalog["app"]);
    }

    private static byte[] Sha256(string text) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Length-prefixed fields: a 32-bit little-endian byte count, then the bytes.</summary>
    private sealed class Encoding
    {
        private readonly MemoryStream _bytes = new();

        public Encoding Field(string text) => Field(System.Text.Encoding.UTF8.GetBytes(text));

        public Encoding Field(byte[] bytes)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            _bytes.Write(length);
            _bytes.Write(bytes);
            return this;
        }

        public string Hash() => Convert.ToHexStringLower(SHA256.HashData(_bytes.ToArray()));
    }
}
