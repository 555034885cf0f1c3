using System.Text.Json;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Images;

/// <summary>The HashImages task run as the real build process against a repository in a temp folder.</summary>
public sealed class HashImagesTaskTests : IDisposable
{
    private readonly ImageRepo _repo = new();

    public HashImagesTaskTests()
    {
        _repo.Write("images/web/Dockerfile", "FROM nginx:1.27\nENV VERSION=1.27.0\nCOPY site/ /usr/share/nginx/html/\n");
        _repo.Write("images/web/site/index.html", "<h1>hi</h1>\n");
        _repo.Write("images/tool/Dockerfile", "FROM alpine:3.20\n");
        _repo.Write("images/tool/image.yaml", "tags: [\"2.0\", edge]\n");
        _repo.Write("images/notes/README.md", "no Dockerfile here\n");
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Prints_a_table_of_image_tags_short_hash_and_files_and_the_warnings()
    {
        var web = _repo.Image("web");
        var tool = _repo.Image("tool");
        var before = _repo.Snapshot();

        var result = BuildRunner.Run("HashImages", "--working", _repo.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"\nIMAGE\s+TAGS\s+HASH\s+FILES\n", result.StandardOutput);
        Assert.Matches($@"\ntool\s+2\.0,edge\s+{tool.Hash.Short}\s+2\n", result.StandardOutput);
        Assert.Matches($@"\nweb\s+1\.27\.0\s+{web.Hash.Short}\s+2\n", result.StandardOutput);
        Assert.Contains("images/notes: no Dockerfile, skipped", result.Output);
        Assert.Equal(before, _repo.Snapshot());
    }

    [Theory]
    [InlineData("--json")]
    [InlineData("--output=json")]
    [InlineData("--output")]
    public void Json_prints_the_catalog_for_scripts(string option)
    {
        var web = _repo.Image("web");

        var result = BuildRunner.Run(option == "--output" ? ["HashImages", "--output", "json", "--working", _repo.Path] : ["HashImages", option, "--working", _repo.Path], null);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var images = json.RootElement.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(["tool", "web"], images.Select(i => i.GetProperty("image").GetString()));
        var webJson = images[1];
        Assert.Equal(web.Hash.Value, webJson.GetProperty("contentHash").GetString());
        Assert.Equal(web.Hash.Short, webJson.GetProperty("shortHash").GetString());
        Assert.Equal(["Dockerfile", "site/index.html"], webJson.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()));
        Assert.Equal(ImageRepo.Registry, json.RootElement.GetProperty("registry").GetString());
        Assert.Contains("images/notes", json.RootElement.GetProperty("warnings")[0].GetString());
        Assert.DoesNotContain("IMAGE", result.StandardOutput);
    }

    [Fact]
    public void Overrides_from_the_command_line_and_environment_reach_the_task()
    {
        var result = BuildRunner.Run(
            ["HashImages", "--json", "--working", _repo.Path, "--registry=cli.example.com/team"],
            new Dictionary<string, string?> { ["KANIKO_REGISTRY"] = "env.example.com/team" });

        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("cli.example.com/team", json.RootElement.GetProperty("registry").GetString());
    }

    [Fact]
    public void Bad_input_fails_the_task_and_names_the_file()
    {
        _repo.Write("images/tool/image.yaml", "tags: [\"2.0\"]\ntimeout: soon\n");

        var result = BuildRunner.Run("HashImages", "--working", _repo.Path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("images/tool/image.yaml:2: 'timeout' 'soon' is not a duration", result.Output);
        Assert.Matches(@"HashImages\s+\S+\s+Failed", result.Output);
        Assert.DoesNotContain("   at ", result.Output);
    }
}
