using KanikoImages.Images;
using KanikoImages.Manifests.Output;

namespace KanikoImages.Tests.Manifests;

public sealed class JobChangesTests
{
    [Fact]
    public void Reports_added_rebuilt_template_changed_and_removed_images()
    {
        using var images = new TestImages();
        images.AddText("same", [("Dockerfile", "FROM a\n")]);
        images.AddText("content", [("Dockerfile", "FROM b\n")]);
        images.AddText("template", [("Dockerfile", "FROM c\n")]);
        images.AddText("gone", [("Dockerfile", "FROM d\n")]);
        var previous = images.Generate().Manifest.Text();

        images.AddText("content", [("Dockerfile", "FROM b2\n")]);
        images.AddText("template", [("Dockerfile", "FROM c\n")], i => i with { Timeout = TimeSpan.FromMinutes(5) });
        images.AddText("new", [("Dockerfile", "FROM e\n")]);
        var catalog = images.Catalog with { Images = images.Images.Where(i => i.Name != "gone").ToList() };
        var jobs = KanikoImages.Manifests.ManifestGenerator.Generate(catalog, images.Root, new FixedSources(null), new(false)).Images.Select(i => i.JobDocument);

        var changes = JobChanges.Compare(new StringReader(previous), jobs);

        Assert.Equal(
            [("content", JobChangeKind.Rebuilt), ("gone", JobChangeKind.Removed), ("new", JobChangeKind.Added), ("template", JobChangeKind.TemplateChanged)],
            changes.Select(c => (c.Image, c.Kind)));
    }

    [Fact]
    public void No_previous_manifest_means_every_image_is_added_and_the_same_manifest_means_no_change()
    {
        using var images = new TestImages();
        images.AddText("one", [("Dockerfile", "FROM a\n")]);
        var result = images.Generate();

        Assert.Equal([JobChangeKind.Added], JobChanges.Compare(null, result.Images.Select(i => i.JobDocument)).Select(c => c.Kind));
        Assert.Empty(JobChanges.Compare(new StringReader(result.Manifest.Text()), result.Images.Select(i => i.JobDocument)));
        Assert.Empty(JobChanges.Compare(new StringReader(result.Manifest.Text().Replace("\n", "\r\n")), result.Images.Select(i => i.JobDocument)));
        // git output captured line by line loses the final line feed.
        Assert.Empty(JobChanges.Compare(new StringReader(result.Manifest.Text().TrimEnd('\n')), result.Images.Select(i => i.JobDocument)));
        Assert.Empty(JobChanges.Compare(new StringReader(result.Manifest.Text()), new StringReader(result.Manifest.Text().TrimEnd('\n'))));
    }

    [Fact]
    public void Documents_recognised_as_written_this_run_give_what_parsing_them_gives()
    {
        using var images = new TestImages();
        images.AddText("same", [("Dockerfile", "FROM a\n")]);
        images.AddText("multi", [("Dockerfile", "FROM b\n")], i => i with { Platforms = [Platform.Parse("linux/amd64"), Platform.Parse("linux/arm64")] });
        images.AddText("content", [("Dockerfile", "FROM c\n")]);
        var previous = images.Generate().Manifest.Text();

        // Only the index Job of "multi" changes; its platform builds stay byte for byte the same.
        images.Settings = images.Settings with { Index = new IndexSettings { Image = "quay.io/buildah/stable:v1.99" } };
        images.AddText("content", [("Dockerfile", "FROM c2\n")]);
        var after = images.Generate();

        var recognised = JobChanges.Compare(new StringReader(previous), after.Images.Select(i => i.JobDocument));
        var parsed = JobChanges.Compare(new StringReader(previous), new StringReader(after.Manifest.Text()));

        Assert.Equal([("content", JobChangeKind.Rebuilt), ("multi", JobChangeKind.TemplateChanged)], recognised.Select(c => (c.Image, c.Kind)));
        Assert.Equal(parsed, recognised);
    }
}
