using KanikoImages.Images;

namespace KanikoImages.Tests.Manifests;

/// <summary>The generated files of a small catalog, compared byte for byte with reviewed copies under Golden/.</summary>
public sealed class GoldenManifestTests
{
    [Theory]
    [InlineData("manifest.yaml")]
    [InlineData("application.yaml")]
    public void Generated_file_matches_the_reviewed_golden_copy(string file)
    {
        using var images = GoldenCatalog.Create();
        var result = images.Generate(GoldenCatalog.Sources());
        var actual = (file == "manifest.yaml" ? result.Manifest : result.Application!).Text();

        var golden = Path.Combine(GoldenCatalog.Folder, file);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, actual);
        }

        Assert.True(File.Exists(golden), $"{golden} is missing: run UPDATE_GOLDEN=1 dotnet test --filter GoldenManifestTests");
        Assert.Equal(File.ReadAllText(golden), actual);
    }

    [Fact]
    public void Golden_manifest_holds_each_image_once_with_its_mode()
    {
        using var images = GoldenCatalog.Create();
        var result = images.Generate(GoldenCatalog.Sources());

        Assert.Equal(["busybox", "python-app", "tools"], result.Images.Select(i => i.Image.Name));
        Assert.Equal([ContextMode.ConfigMap, ContextMode.Git, ContextMode.ConfigMap], result.Images.Select(i => i.Mode));
        Assert.Empty(result.Warnings);
    }
}
