using KanikoImages.Manifests;
using KanikoImages.Manifests.Output;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Manifests;

public sealed class AtomicFileTests
{
    [Fact]
    public void Creates_the_folder_and_the_file_and_reports_it()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "deploy", "argocd", "application.yaml");

        Assert.Equal(WriteOutcome.Created, AtomicFile.Write(path, GeneratedFile.FromText("a: 1\n"), dryRun: false));
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

        Assert.Equal(WriteOutcome.Unchanged, AtomicFile.Write(path, GeneratedFile.FromText("a: 1\n"), dryRun: false));
        Assert.Equal(old, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void Changed_content_replaces_the_file()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("deploy/manifest.yaml", "a: 1\n");

        Assert.Equal(WriteOutcome.Updated, AtomicFile.Write(path, GeneratedFile.FromText("a: 2\n"), dryRun: false));
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

        Assert.Equal(WriteOutcome.Unchanged, AtomicFile.Write(path, same, dryRun: false));
        Assert.Equal(new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc), File.GetLastWriteTimeUtc(path));
        Assert.Equal(WriteOutcome.Updated, AtomicFile.Write(path, lastByteDiffers, dryRun: false));
        Assert.EndsWith("tail!", File.ReadAllText(path));
    }

    [Fact]
    public void A_dry_run_reports_what_would_change_and_writes_nothing()
    {
        using var temp = new TempDirectory();
        var existing = temp.Write("deploy/manifest.yaml", "a: 1\n");
        var before = temp.Snapshot();

        Assert.Equal(WriteOutcome.Updated, AtomicFile.Write(existing, GeneratedFile.FromText("a: 2\n"), dryRun: true));
        Assert.Equal(WriteOutcome.Created, AtomicFile.Write(Path.Combine(temp.Path, "deploy/argocd/application.yaml"), GeneratedFile.FromText("b\n"), dryRun: true));
        Assert.Equal(before, temp.Snapshot());
    }

    [Fact]
    public void A_failed_write_keeps_the_previous_file_untouched()
    {
        using var temp = new TempDirectory();
        // A name so long that the temp file's name beside it exceeds the file system's limit: the write fails late.
        var path = temp.Write("deploy/" + new string('m', 220) + ".yaml", "previous: manifest\n");
        var before = temp.Snapshot();

        var error = Assert.Throws<IOException>(() => AtomicFile.Write(path, GeneratedFile.FromText("new: manifest\n"), dryRun: false));

        Assert.Contains(path, error.Message);
        Assert.Contains("previous file is unchanged", error.Message);
        Assert.Equal(before, temp.Snapshot());
    }

    [Fact]
    public void Concurrent_writers_of_one_file_never_mix_and_leave_no_temp_file()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "deploy", "manifest.yaml");
        var contents = Enumerable.Range(0, 8).Select(i => new string((char)('a' + i), 4 * 1024 * 1024)).ToList();

        var outcomes = contents.AsParallel().WithDegreeOfParallelism(8)
            .Select(text => AtomicFile.Write(path, GeneratedFile.FromText(text), dryRun: false)).ToList();

        Assert.Contains(File.ReadAllText(path), contents);
        Assert.Single(outcomes, o => o == WriteOutcome.Created);
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Temp_files_of_killed_runs_are_removed_by_the_next_write_and_other_files_are_not()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("deploy/manifest.yaml", "a: 1\n");
        var stale = temp.Write("deploy/.manifest.yaml.4242-0123456789abcdef0123456789abcdef.tmp", "a: half");
        var other = temp.Write("deploy/.application.yaml.4242-0123456789abcdef0123456789abcdef.tmp", "b");

        AtomicFile.Write(path, GeneratedFile.FromText("a: 1\n"), dryRun: false);

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(other));
    }

    [Fact]
    public void A_refused_catalog_leaves_the_previous_manifest_as_it_was()
    {
        using var images = new TestImages();
        images.AddText("ok", [("Dockerfile", "FROM scratch\n")]);
        var path = Path.Combine(images.Root, ManifestConventions.ManifestPath);
        AtomicFile.Write(path, images.Generate().Manifest, dryRun: false);
        var previous = File.ReadAllBytes(path);
        images.Add(
            "huge",
            new Dictionary<string, byte[]> { ["Dockerfile"] = "FROM scratch\n"u8.ToArray(), ["blob"] = new byte[2 * 1024 * 1024] },
            i => i with { ContextMode = KanikoImages.Images.ContextMode.ConfigMap });

        Assert.Throws<ManifestException>(() => AtomicFile.Write(path, images.Generate().Manifest, dryRun: false));

        Assert.Equal(previous, File.ReadAllBytes(path));
    }
}
