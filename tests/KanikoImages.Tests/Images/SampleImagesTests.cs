using KanikoImages.Images;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Images;

/// <summary>The sample images/ and images.yaml of this repository load as the README describes them.</summary>
public sealed class SampleImagesTests
{
    private static readonly ImageCatalog Catalog =
        CatalogLoader.Load(Paths.RepositoryRoot, new Dictionary<string, string>(), new Dictionary<string, string>());

    [Fact]
    public void The_three_sample_images_load_without_warnings()
    {
        Assert.Equal(["busybox", "go-service", "python-app"], Catalog.Images.Select(i => i.Name));
        Assert.Empty(Catalog.Warnings);
    }

    [Fact]
    public void Busybox_is_Dockerfile_only_tagged_from_ENV_VERSION()
    {
        var busybox = Catalog.Images.Single(i => i.Name == "busybox");

        Assert.Equal(["1.36.1"], busybox.Tags);
        Assert.Equal(["Dockerfile"], busybox.Files.Select(f => f.Path));
    }

    [Fact]
    public void Python_app_copies_files_and_its_dockerignore_drops_tests_and_readme()
    {
        var app = Catalog.Images.Single(i => i.Name == "python-app");

        Assert.Equal(
            [".dockerignore", "Dockerfile", "app/__init__.py", "app/main.py", "entrypoint.sh", "requirements.txt"],
            app.Files.Select(f => f.Path));
        Assert.True(app.Files.Single(f => f.Path == "entrypoint.sh").Executable);
    }

    [Fact]
    public void Go_service_takes_its_settings_from_image_yaml()
    {
        var service = Catalog.Images.Single(i => i.Name == "go-service");

        Assert.Equal(["1.8.0", "stable"], service.Tags);
        Assert.Equal("runtime", service.Target);
        Assert.Equal([new KeyValuePair<string, string>("GO_VERSION", "1.23")], service.BuildArgs);
        Assert.Equal(TimeSpan.FromMinutes(45), service.Timeout);
        Assert.Equal(new ResourceSettings("1", "2Gi", "4", "6Gi"), service.Resources);
        Assert.DoesNotContain(service.Files, f => f.Path == "image.yaml");
    }
}
