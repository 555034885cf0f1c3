using KanikoImages.Images;
using KanikoImages.Tests.Images;

namespace KanikoImages.Tests.Dependencies;

/// <summary>
/// Images that build on images of the same repository, on real git repositories: which references count, the hash
/// through the graph, and what is refused.
/// </summary>
public sealed class DependencyGraphTests : IDisposable
{
    private const string Registry = ImageRepo.Registry;

    private readonly ImageRepo _repo = new();

    public DependencyGraphTests()
    {
        _repo.InitGit();
    }

    public void Dispose() => _repo.Dispose();

    /// <summary>base &lt;- mid &lt;- (api, worker), and an unrelated image.</summary>
    private void WriteChain()
    {
        _repo.Write("images/base/Dockerfile", "FROM python:3.12-slim\nCOPY setup.sh /\n");
        _repo.Write("images/base/setup.sh", "echo base\n");
        _repo.Write("images/base/image.yaml", "tags: [\"3.12\"]\n");
        _repo.Write("images/mid/Dockerfile", $"FROM {Registry}/base:3.12\nCOPY lib.py /\n");
        _repo.Write("images/mid/lib.py", "x = 1\n");
        _repo.Write("images/api/Dockerfile", $"FROM {Registry}/mid\nCOPY api.py /\n");
        _repo.Write("images/api/api.py", "print('api')\n");
        _repo.Write("images/worker/Dockerfile", $"ARG BASE={Registry}/mid:latest\nFROM ${{BASE}}\nCOPY worker.py /\n");
        _repo.Write("images/worker/worker.py", "print('worker')\n");
        _repo.Write("images/other/Dockerfile", "FROM alpine:3.20\nCOPY other.sh /\n");
        _repo.Write("images/other/other.sh", "echo other\n");
    }

    [Theory]
    [InlineData("images/base/setup.sh", new[] { "api", "base", "mid", "worker" })]
    [InlineData("images/mid/lib.py", new[] { "api", "mid", "worker" })]
    [InlineData("images/api/api.py", new[] { "api" })]
    [InlineData("images/other/other.sh", new[] { "other" })]
    public void A_change_rebuilds_the_changed_image_and_every_image_above_it_and_nothing_else(string file, string[] rebuilt)
    {
        WriteChain();
        Commit();
        var before = Hashes();

        _repo.Write(file, File.ReadAllText(_repo.Full(file)) + "# changed\n");
        Commit();
        var after = Hashes();

        Assert.Equal(rebuilt, before.Keys.Where(name => before[name] != after[name]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_graph_has_each_images_bases_and_depth()
    {
        WriteChain();
        Commit();

        var images = Load().Images.ToDictionary(i => i.Name);

        Assert.Empty(images["base"].Dependencies);
        Assert.Equal(0, images["base"].Depth);
        Assert.Equal(["base"], images["mid"].Dependencies.Select(d => d.Image));
        Assert.Equal(1, images["mid"].Depth);
        Assert.Equal(["mid"], images["api"].Dependencies.Select(d => d.Image));
        Assert.Equal(2, images["api"].Depth);
        Assert.Equal(0, images["other"].Depth);
    }

    [Fact]
    public void An_image_without_bases_keeps_its_hash_and_a_dependent_hash_uses_the_new_encoding()
    {
        WriteChain();
        Commit();
        var withGraph = Load().Images.ToDictionary(i => i.Name);

        // Alone, without any dependent beside it, base hashes the same: v1 bytes unchanged.
        foreach (var folder in new[] { "mid", "api", "worker", "other" })
        {
            Directory.Delete(_repo.Full("images/" + folder), recursive: true);
        }

        Commit();
        Assert.Equal(withGraph["base"].Hash, Load().Images.Single().Hash);

        // mid's hash depends on base's and its own content only, not on the images beside it.
        _repo.Write("images/mid/Dockerfile", $"FROM {Registry}/base:3.12\nCOPY lib.py /\n");
        _repo.Write("images/mid/lib.py", "x = 1\n");
        _repo.Write("images/base/image.yaml", "tags: [\"3.12\"]\n");
        Commit();
        var mid = Load().Images.Single(i => i.Name == "mid");
        Assert.Equal(withGraph["mid"].Hash, mid.Hash);
    }

    [Fact]
    public void An_ARG_used_in_FROM_is_substituted_from_its_default_and_from_image_yaml_build_args()
    {
        _repo.Write("images/base/Dockerfile", "FROM alpine:3.20\n");
        _repo.Write("images/base/image.yaml", "tags: [\"1.0\"]\n");
        _repo.Write("images/other-base/Dockerfile", "FROM alpine:3.20\n");
        _repo.Write("images/other-base/image.yaml", "tags: [\"2.0\"]\n");
        _repo.Write("images/app/Dockerfile", $"ARG REGISTRY={Registry}\nARG BASE=$REGISTRY/base:1.0\nFROM $BASE AS run\nCMD [\"true\"]\n");
        _repo.Write("images/switched/Dockerfile", $"ARG BASE={Registry}/base:1.0\nFROM \"${{BASE}}\"\n");
        _repo.Write("images/switched/image.yaml", $"buildArgs:\n  BASE: {Registry}/other-base:2.0\n");
        Commit();

        var images = Load().Images.ToDictionary(i => i.Name);

        Assert.Equal("base", images["app"].Dependencies.Single().Image);
        Assert.Equal(["BASE"], images["app"].Dependencies.Single().Arguments);
        Assert.Equal("other-base", images["switched"].Dependencies.Single().Image);
        Assert.Equal(["BASE"], images["switched"].Dependencies.Single().Arguments);
    }

    [Fact]
    public void Multi_stage_COPY_from_and_RUN_mount_from_name_bases_and_stage_names_do_not()
    {
        _repo.Write("images/tools/Dockerfile", "FROM alpine:3.20\n");
        _repo.Write("images/certs/Dockerfile", "FROM alpine:3.20\n");
        _repo.Write("images/app/Dockerfile", $"""
            FROM golang:1.23 AS build
            RUN --mount=type=bind,from={Registry}/certs,source=/etc/ssl,target=/ssl \
                go build ./...
            FROM alpine:3.20
            COPY --from=build /out /out
            # COPY --from={Registry}/commented-out /x /x
            COPY --chown=1:1 --from={Registry}/tools:latest /bin/tool /bin/tool
            RUN <<EOF
            FROM {Registry}/not-an-instruction
            EOF
            """);
        Commit();

        var app = Load().Images.Single(i => i.Name == "app");

        Assert.Equal(["certs", "tools"], app.Dependencies.Select(d => d.Image));
        Assert.All(app.Dependencies, d => Assert.Empty(d.Arguments));
    }

    [Fact]
    public void ARGs_that_double_their_value_cannot_exhaust_memory()
    {
        var doubling = string.Concat(Enumerable.Repeat("ARG A=$A$A$A$A\n", 64));
        _repo.Write("images/base/Dockerfile", "FROM alpine:3.20\n");
        _repo.Write("images/app/Dockerfile", $"ARG A={Registry}/base\n{doubling}ARG B=${{A}}\nFROM {Registry}/base\nFROM $B\n");
        Commit();

        var app = Load().Images.Single(i => i.Name == "app");

        Assert.Equal(["base"], app.Dependencies.Select(d => d.Image));
    }

    [Fact]
    public void An_image_of_another_registry_with_the_same_name_is_no_dependency()
    {
        _repo.Write("images/base/Dockerfile", "FROM alpine:3.20\n");
        _repo.Write("images/app/Dockerfile", "FROM registry.other.example/test/base:latest\nCOPY --from=base:latest / /\n");
        _repo.Write("images/nested/Dockerfile", $"FROM {Registry}/team/base:latest\n");
        Commit();

        var catalog = Load();

        Assert.All(catalog.Images, i => Assert.Empty(i.Dependencies));
    }

    [Fact]
    public void A_dependency_on_an_image_of_a_name_tag_folder_resolves_by_tag()
    {
        _repo.Write("images/base:3.11/Dockerfile", "FROM python:3.11-slim\n");
        _repo.Write("images/base:3.12/Dockerfile", "FROM python:3.12-slim\n");
        _repo.Write("images/app/Dockerfile", $"FROM {Registry}/base:3.12\n");
        Commit();
        var before = Load().Images.ToDictionary(i => i.Name);

        _repo.Write("images/base:3.11/Dockerfile", "FROM python:3.11-slim\nRUN true\n");
        Commit();
        var after = Load().Images.ToDictionary(i => i.Name);

        Assert.Equal(["base-3-12"], before["app"].Dependencies.Select(d => d.Image));
        Assert.Equal(before["app"].Hash, after["app"].Hash);
    }

    [Fact]
    public void A_cycle_of_three_is_refused_naming_the_whole_cycle_with_files_and_lines()
    {
        _repo.Write("images/a/Dockerfile", $"# a\nFROM {Registry}/b\n");
        _repo.Write("images/b/Dockerfile", $"FROM {Registry}/c\n");
        _repo.Write("images/c/Dockerfile", $"FROM alpine\nCOPY --from={Registry}/a /x /x\n");
        _repo.Write("images/d/Dockerfile", $"FROM {Registry}/a\n");
        Commit();

        var error = Assert.Throws<CatalogException>(Load).Message;

        Assert.Contains("dependency cycle a -> b -> c -> a", error);
        Assert.Contains($"images/a/Dockerfile:2 FROM {Registry}/b", error);
        Assert.Contains($"images/b/Dockerfile:1 FROM {Registry}/c", error);
        Assert.Contains($"images/c/Dockerfile:2 COPY {Registry}/a", error);
        Assert.Single(error.Split('\n'), line => line.Contains("dependency cycle"));
    }

    [Fact]
    public void An_image_built_on_itself_is_refused()
    {
        _repo.Write("images/app/Dockerfile", $"ARG BASE={Registry}/app:latest\nFROM $BASE\n");
        Commit();

        var error = Assert.Throws<CatalogException>(Load).Message;

        Assert.Contains("dependency cycle app -> app", error);
        Assert.Contains($"images/app/Dockerfile:2 FROM {Registry}/app:latest", error);
    }

    [Fact]
    public void A_tag_the_base_does_not_push_is_refused_naming_the_tags_it_pushes()
    {
        _repo.Write("images/base-python/Dockerfile", "FROM python:3.12-slim\n");
        _repo.Write("images/base-python/image.yaml", "tags: [\"3.12\", stable]\n");
        _repo.Write("images/api/Dockerfile", $"FROM alpine\nFROM {Registry}/base-python:2.0\n");
        Commit();

        var error = Assert.Throws<CatalogException>(Load).Message;

        Assert.Contains($"images/api/Dockerfile:2: FROM {Registry}/base-python:2.0: no image of this repository pushes the tag '2.0' (images/base-python pushes 3.12, stable)", error);
    }

    [Fact]
    public void A_declared_dependency_orders_and_hashes_and_warns_when_the_Dockerfile_does_not_use_it()
    {
        _repo.Write("images/base/Dockerfile", "FROM alpine:3.20\n");
        _repo.Write("images/app/Dockerfile", "FROM alpine:3.20\n");
        _repo.Write("images/app/image.yaml", "dependsOn: [base]\n");
        Commit();

        var catalog = Load();

        Assert.Equal(["base"], catalog.Images.Single(i => i.Name == "app").Dependencies.Select(d => d.Image));
        Assert.Contains(catalog.Warnings, w => w.StartsWith("images/app/image.yaml: dependsOn 'base', but images/app/Dockerfile does not name", StringComparison.Ordinal));
    }

    [Fact]
    public void A_declared_dependency_on_no_image_is_refused()
    {
        _repo.Write("images/app/Dockerfile", "FROM alpine:3.20\n");
        _repo.Write("images/app/image.yaml", "dependsOn: [missing]\n");
        Commit();

        var error = Assert.Throws<CatalogException>(Load).Message;

        Assert.Contains("images/app/image.yaml", error);
        Assert.Contains("'dependsOn' names 'missing', which is not an image of this repository", error);
    }

    private Dictionary<string, string> Hashes() => Load().Images.ToDictionary(i => i.Name, i => i.Hash.Value);

    private void Commit() => _repo.Commit();

    private ImageCatalog Load() => _repo.LoadFromGit();
}
