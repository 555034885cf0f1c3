using KanikoImages.Manifests;
using KanikoImages.Manifests.Output;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Manifests;

public sealed class ManifestWriterTests
{
    [Fact]
    public void Creates_the_folder_and_the_file_and_reports_it()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "deploy", "argocd", "application.yaml");

        Assert.Equal(WriteOutcome.Created, ManifestWriter.Write(path, GeneratedFile.FromText("a: 1\n"), dryRun: false));
        Assert.Equal("a: 1\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(temp.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Unchanged_content_is_not_rewritten_and_keeps_its_mtime()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("deploy/manifest.yaml", "a: 1\n");
        var old = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, old);

        Assert.Equal(WriteOutcome.Unchanged, ManifestWriter.Write(path, GeneratedFile.FromText("a: 1\n"), dryRun: false));
        Assert.Equal(old, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void Changed_content_replaces_the_file()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("deploy/manifest.yaml", "a: 1\n");

        Assert.Equal(WriteOutcome.Updated, ManifestWriter.Write(path, GeneratedFile.FromText("a: 2\n"), dryRun: false));
        Assert.Equal("a: 2\n", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Content_of_the_same_length_is_compared_byte_for_byte_across_its_parts()
    {
        using var temp = new TempDirectory();
        var large = new string('x', 200_000);
        var path = temp.Write("deploy/manifest.yaml", "head\n" + large + "\n---\ntail\n");
        File.SetLastWriteTimeUtc(path, new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

        var same = new GeneratedFile([Utf8("head\n"), Utf8(large + "\n"), Utf8("---\n"), Utf8("tail\n")]);
        var lastByteDiffers = new GeneratedFile([Utf8("head\n"), Utf8(large + "\n"), Utf8("---\n"), Utf8("tail!")]);

        Assert.Equal(WriteOutcome.Unchanged, ManifestWriter.Write(path, same, dryRun: false));
        Assert.Equal(new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc), File.GetLastWriteTimeUtc(path));
        Assert.Equal(WriteOutcome.Updated, ManifestWriter.Write(path, lastByteDiffers, dryRun: false));
        Assert.EndsWith("tail!", File.ReadAllText(path));
    }

    [Fact]
    public void A_dry_run_reports_what_would_change_and_writes_nothing()
    {
        using var temp = new TempDirectory();
        var existing = temp.Write("deploy/manifest.yaml", "a: 1\n");
        var before = temp.Snapshot();

        Assert.Equal(WriteOutcome.Updated, ManifestWriter.Write(existing, GeneratedFile.FromText("a: 2\n"), dryRun: true));
        Assert.Equal(WriteOutcome.Created, ManifestWriter.Write(Path.Combine(temp.Path, "deploy/argocd/application.yaml"), GeneratedFile.FromText("b\n"), dryRun: true));
        Assert.Equal(before, temp.Snapshot());
    }

    [Fact]
    public void A_failed_write_keeps_the_previous_file_untouched()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("deploy/manifest.yaml", "previous: manifest\n");
        // A folder where the temp file must go makes the write fail after the content was computed.
        Directory.CreateDirectory(Path.Combine(temp.Path, "deploy", ".manifest.yaml.tmp"));
        var before = temp.Snapshot();

        var error = Assert.Throws<ManifestException>(() => ManifestWriter.Write(path, GeneratedFile.FromText("new: manifest\n"), dryRun: false));

        Assert.Contains("deploy/manifest.yaml", error.Message);
        Assert.Contains("previous file is unchanged", error.Message);
        Assert.Equal(before, temp.Snapshot());
    }

    [Fact]
    public void A_refused_catalog_leaves_the_previous_manifest_as_it_was()
    {
        using var images = new TestImages();
        images.AddText("ok", [("Dockerfile", "FROM scratch\n")]);
        var path = Path.Combine(images.Root, ManifestConventions.ManifestPath);
        ManifestWriter.Write(path, images.Generate().Manifest, dryRun: false);
        var previous = File.ReadAllBytes(path);
        images.Add(
            "huge",
            new Dictionary<string, byte[]> { ["Dockerfile"] = "FROM scratch\n"u8.ToArray(), ["blob"] = new byte[2 * 1024 * 1024] },
            i => i with { ContextMode = KanikoImages.Images.ContextMode.ConfigMap });

        Assert.Throws<ManifestException>(() => ManifestWriter.Write(path, images.Generate().Manifest, dryRun: false));

        Assert.Equal(previous, File.ReadAllBytes(path));
    }
}
