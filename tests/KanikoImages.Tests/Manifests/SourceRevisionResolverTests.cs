using KanikoImages.Images;
using KanikoImages.Manifests;
using KanikoImages.Manifests.Sources;

namespace KanikoImages.Tests.Manifests;

public sealed class SourceRevisionResolverTests
{
    private const string Newest = "3333333333333333333333333333333333333333";
    private const string Middle = "2222222222222222222222222222222222222222";
    private const string Oldest = "1111111111111111111111111111111111111111";

    [Fact]
    public void Each_image_gets_the_newest_commit_that_touched_its_folder()
    {
        using var images = TwoImages();
        var history = new SourceHistory("", [
            new CommitChanges(Newest, ["README.md", "images/app/src/main.py"]),
            new CommitChanges(Middle, ["images/base/Dockerfile"]),
            new CommitChanges(Oldest, ["images/app/Dockerfile", "images/base/Dockerfile"]),
        ], []);

        var revisions = SourceRevisionResolver.Resolve(images.Images, history);

        Assert.Equal(new SourceRevision(Newest, []), revisions["app"], Comparer);
        Assert.Equal(new SourceRevision(Middle, []), revisions["base"], Comparer);
        Assert.True(revisions["app"].IsExact);
    }

    [Fact]
    public void A_commit_elsewhere_does_not_move_an_images_revision()
    {
        using var images = TwoImages();
        var before = new SourceHistory("", [new CommitChanges(Oldest, ["images/app/Dockerfile", "images/base/Dockerfile"])], []);
        var after = before with { Commits = [new CommitChanges(Newest, ["images/base/Dockerfile", "images/application/x"]), .. before.Commits] };

        Assert.Equal(Oldest, SourceRevisionResolver.Resolve(images.Images, after)["app"].Commit);
    }

    [Fact]
    public void Uncommitted_hashed_files_and_deletions_make_a_revision_inexact_ignored_leftovers_do_not()
    {
        using var images = TwoImages();
        var history = new SourceHistory("", [new CommitChanges(Oldest, ["images/app/Dockerfile", "images/base/Dockerfile"])], [
            new UncommittedChange("images/app/src/main.py", Deleted: false),
            new UncommittedChange("images/base/build.log", Deleted: false),
            new UncommittedChange("images/base/old.txt", Deleted: true),
        ]);

        var revisions = SourceRevisionResolver.Resolve(images.Images, history);

        Assert.Equal(["images/app/src/main.py"], revisions["app"].Uncommitted);
        Assert.Equal(["images/base/old.txt"], revisions["base"].Uncommitted);
        Assert.False(revisions["app"].IsExact);
    }

    [Fact]
    public void An_image_with_no_commit_has_no_revision()
    {
        using var images = TwoImages();
        var history = new SourceHistory("", [new CommitChanges(Oldest, ["images/base/Dockerfile"])], []);

        Assert.Null(SourceRevisionResolver.Resolve(images.Images, history)["app"].Commit);
    }

    [Fact]
    public void Git_is_asked_about_the_top_folders_only_and_once()
    {
        using var images = TwoImages();
        var sources = new FixedSources(new SourceHistory("", [], []));

        images.Generate(sources);

        Assert.Equal([["images"]], sources.Calls);
    }

    [Fact]
    public void A_dirty_git_context_is_an_error_in_ci_and_builds_the_branch_head_with_a_warning_locally()
    {
        using var images = TwoImages();
        var history = new SourceHistory("", [new CommitChanges(Oldest, ["images/app/Dockerfile", "images/base/Dockerfile"])], [
            new UncommittedChange("images/app/src/main.py", Deleted: false),
        ]);

        var ci = Assert.Throws<ManifestException>(() => images.Generate(new FixedSources(history), requireCommitted: true));
        var local = images.Generate(new FixedSources(history));

        Assert.Contains("images/app: has uncommitted changes (images/app/src/main.py)", ci.Message);
        var warning = Assert.Single(local.Warnings);
        Assert.Contains("images/app", warning);
        var args = local.Images.Single(i => i.Image.Name == "app").Job().Spec.Template.Spec.Containers[0].Args;
        Assert.Contains("--context=git://github.com/example/images.git#refs/heads/main", args);
        Assert.DoesNotContain(args, a => a.StartsWith("--label=org.opencontainers.image.revision", StringComparison.Ordinal));
    }

    [Fact]
    public void A_git_context_outside_a_git_work_tree_is_an_error_naming_the_image()
    {
        using var images = TwoImages();

        var error = Assert.Throws<ManifestException>(() => images.Generate(new FixedSources(null)));

        Assert.Contains("images/app: builds from git", error.Message);
        Assert.Contains("contextMode: configmap", error.Message);
        Assert.DoesNotContain("images/base", error.Message);
    }

    [Fact]
    public void A_repository_below_the_work_tree_top_prefixes_the_context_sub_path()
    {
        using var images = TwoImages();
        var history = new SourceHistory("teams/builds/", [new CommitChanges(Oldest, ["images/app/Dockerfile"])], []);

        var args = images.Generate(new FixedSources(history)).Images.Single(i => i.Image.Name == "app").Job().Spec.Template.Spec.Containers[0].Args;

        Assert.Contains("--context-sub-path=teams/builds/images/app", args);
        Assert.Contains($"--context=git://github.com/example/images.git#refs/heads/main#{Oldest}", args);
    }

    /// <summary>app has context files (git mode), base is Dockerfile-only (ConfigMap mode).</summary>
    private static TestImages TwoImages()
    {
        var images = new TestImages();
        images.AddText("app", [("Dockerfile", "FROM python:3.12\nCOPY src /src\n"), ("src/main.py", "print(1)\n")]);
        images.AddText("base", [("Dockerfile", "FROM debian:12\n")]);
        return images;
    }

    private static readonly IEqualityComparer<SourceRevision> Comparer = EqualityComparer<SourceRevision>.Create(
        (a, b) => a!.Commit == b!.Commit && a.Uncommitted.SequenceEqual(b.Uncommitted));
}
