using KanikoImages.Images;
using KanikoImages.Images.Discovery;

namespace KanikoImages.Tests.Images;

/// <summary>Which folders are images, their names, tags and image.yaml settings.</summary>
public sealed class DiscoveryTests : IDisposable
{
    private readonly ImageRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Every_folder_with_a_Dockerfile_is_an_image_sorted_by_name()
    {
        _repo.Write("images/zeta/Dockerfile", "FROM alpine\n");
        _repo.Write("images/alpha/Dockerfile", "FROM alpine\n");

        var catalog = _repo.Load();

        Assert.Equal(["alpha", "zeta"], catalog.Images.Select(i => i.Name));
        var alpha = catalog.Images[0];
        Assert.Equal("images/alpha", alpha.Folder);
        Assert.Equal("images/alpha/Dockerfile", alpha.Dockerfile);
        Assert.Equal("images/alpha", alpha.Context);
        Assert.Equal("alpha", alpha.Repository);
        Assert.Equal(ResourceSettings.Default, alpha.Resources);
        Assert.Equal(TimeSpan.FromMinutes(30), alpha.Timeout);
        // auto, resolved by the catalog: a Dockerfile-only context travels in a ConfigMap.
        Assert.Equal(ContextMode.ConfigMap, alpha.ContextMode);
    }

    [Fact]
    public void A_folder_without_Dockerfile_is_skipped_with_a_warning()
    {
        _repo.Write("images/app/Dockerfile", "FROM alpine\n");
        _repo.Write("images/shared-files/config.ini", "x=1\n");

        var catalog = _repo.Load();

        Assert.Equal(["app"], catalog.Images.Select(i => i.Name));
        Assert.Contains(catalog.Warnings, w => w.Contains("images/shared-files") && w.Contains("skipped"));
    }

    [Theory]
    [InlineData("dockerfile")]
    [InlineData("DockerFile")]
    public void A_wrongly_cased_Dockerfile_is_an_error_naming_it(string fileName)
    {
        _repo.Write($"images/app/{fileName}", "FROM alpine\n");

        var error = _repo.Error();

        Assert.Contains($"images/app/{fileName}", error);
        Assert.Contains("'Dockerfile'", error);
    }

    [Theory]
    [InlineData("My_App", "my-app")]
    [InlineData("python3.12", "python3-12")]
    [InlineData("-Edge-", "edge")]
    [InlineData("a b", "a-b")]
    public void Folder_names_become_DNS_1123_labels(string folder, string name)
    {
        _repo.Write($"images/{folder}/Dockerfile", "FROM alpine\n");

        var image = _repo.Load().Images.Single();

        Assert.Equal(name, image.Name);
        Assert.Equal($"images/{folder}", image.Folder);
    }

    [Fact]
    public void Long_names_are_cut_to_63_characters_without_a_trailing_dash()
    {
        var folder = new string('a', 62) + "-b" + new string('c', 10);
        _repo.Write($"images/{folder}/Dockerfile", "FROM alpine\n");

        var name = _repo.Load().Images.Single().Name;

        Assert.Equal(new string('a', 62), name);
        Assert.True(KubernetesName.IsLabel(name));
    }

    [Fact]
    public void Two_folders_with_the_same_Kubernetes_name_are_an_error_naming_both()
    {
        _repo.Write("images/My_App/Dockerfile", "FROM alpine\n");
        _repo.Write("images/my-app/Dockerfile", "FROM alpine\n");

        var error = _repo.Error();

        Assert.Contains("images/My_App", error);
        Assert.Contains("images/my-app", error);
        Assert.Contains("'my-app'", error);
    }

    [Fact]
    public void A_name_with_no_letter_or_digit_is_an_error_naming_the_folder()
    {
        _repo.Write("images/___/Dockerfile", "FROM alpine\n");

        var error = _repo.Error();

        Assert.Contains("images/___", error);
        Assert.Contains("DNS-1123", error);
    }

    [Theory]
    [InlineData("FROM alpine\nENV VERSION=1.2.3\n", "1.2.3")]
    [InlineData("FROM alpine\nENV VERSION 2.0\n", "2.0")]
    [InlineData("ARG VERSION=\"3.1\"\nFROM alpine:${VERSION}\n", "3.1")]
    [InlineData("FROM alpine\nenv A=1 VERSION=4.0 B=2\n", "4.0")]
    [InlineData("FROM alpine\nENV VERSIONS=9\n", "latest")]
    [InlineData("FROM alpine\n", "latest")]
    [InlineData("FROM alpine\nENV A=1 \\\n    VERSION=5.1\n", "5.1")]
    [InlineData("FROM alpine\nRUN <<EOF\nENV VERSION=9\nEOF\nENV VERSION=6.0\n", "6.0")]
    public void Without_tags_the_Dockerfile_VERSION_or_latest_is_the_tag(string dockerfile, string tag)
    {
        _repo.Write("images/app/Dockerfile", dockerfile);

        Assert.Equal([tag], _repo.Image("app").Tags);
    }

    [Fact]
    public void Tags_in_image_yaml_win_over_VERSION()
    {
        _repo.Write("images/app/Dockerfile", "FROM alpine\nENV VERSION=1.0\n");
        _repo.Write("images/app/image.yaml", "tags: [2.0, stable]\n");

        Assert.Equal(["2.0", "stable"], _repo.Image("app").Tags);
    }

    [Fact]
    public void A_VERSION_that_is_no_valid_tag_is_an_error_naming_the_Dockerfile()
    {
        _repo.Write("images/app/Dockerfile", "FROM alpine\nENV VERSION=$BASE\n");

        var error = _repo.Error();

        Assert.Contains("images/app/Dockerfile", error);
        Assert.Contains("'tags'", error);
    }

    [Fact]
    public void The_name_colon_tag_layout_works_and_warns_about_Windows()
    {
        _repo.Write("images/busybox:1.36/Dockerfile", "FROM busybox:1.36\nENV VERSION=9\n");
        _repo.Write("images/busybox:1.37/Dockerfile", "FROM busybox:1.37\n");

        var catalog = _repo.Load();

        Assert.Equal(["busybox-1-36", "busybox-1-37"], catalog.Images.Select(i => i.Name));
        Assert.All(catalog.Images, i => Assert.Equal("busybox", i.Repository));
        Assert.Equal(["1.36"], catalog.Images[0].Tags);
        Assert.Contains(catalog.Warnings, w => w.Contains("images/busybox:1.36") && w.Contains("Windows"));
    }

    [Fact]
    public void Image_yaml_sets_every_image_setting()
    {
        _repo.Write("images/app/Dockerfile", "FROM alpine AS build\nFROM alpine AS runtime\n");
        _repo.Write("images/app/image.yaml", """
            tags: ["1.0"]
            buildArgs:
              ZED: "1"
              ALPHA: two
            target: runtime
            timeout: 2h
            contextMode: configmap
            resources:
              requests:
                cpu: 250m
              limits:
                memory: 2Gi
            labels:
              team: web
              app.kubernetes.io/version: "1.0"
            """);

        var image = _repo.Image("app");

        Assert.Equal([new("ALPHA", "two"), new KeyValuePair<string, string>("ZED", "1")], image.BuildArgs);
        Assert.Equal("runtime", image.Target);
        Assert.Equal(TimeSpan.FromHours(2), image.Timeout);
        Assert.Equal(ContextMode.ConfigMap, image.ContextMode);
        Assert.Equal(ResourceSettings.Default with { CpuRequest = "250m", MemoryLimit = "2Gi" }, image.Resources);
        Assert.Equal(["app.kubernetes.io/version", "team"], image.Labels.Select(l => l.Key));
    }

    [Fact]
    public void Image_yaml_alone_can_name_a_Dockerfile_elsewhere_in_the_repository()
    {
        _repo.Write("dockerfiles/Dockerfile.base", "FROM alpine\n");
        _repo.Write("images/base/image.yaml", "dockerfile: ../../dockerfiles/Dockerfile.base\n");

        var image = _repo.Image("base");

        Assert.Equal("dockerfiles/Dockerfile.base", image.Dockerfile);
        Assert.Equal("images/base", image.Context);
    }

    [Fact]
    public void Dot_folders_are_not_images()
    {
        _repo.Write("images/app/Dockerfile", "FROM alpine\n");
        _repo.Write("images/.cache/x", "x");

        var catalog = _repo.Load();

        Assert.Single(catalog.Images);
        Assert.Empty(catalog.Warnings);
    }
}
