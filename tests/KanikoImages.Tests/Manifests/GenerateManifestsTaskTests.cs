using KanikoImages.Manifests;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Manifests;

/// <summary>The real Build.dll on a real git repository: `GenerateManifests --working &lt;repo&gt;`.</summary>
public sealed class GenerateManifestsTaskTests : IDisposable
{
    private readonly TempDirectory _repo = new();

    public GenerateManifestsTaskTests()
    {
        _repo.Write("images.yaml", "registry: registry.example.com/e2e\ngit:\n  url: https://git.example.com/team/images.git\n  branch: main\n");
        _repo.Write("images/busybox/Dockerfile", "FROM busybox:1.36\nCMD [\"echo\", \"hi\"]\n");
        _repo.Write("images/app/Dockerfile", "FROM python:3.12-slim\nCOPY app.py /app/\n");
        _repo.Write("images/app/app.py", "print('hi')\n");
        Git("init", "-q", "-b", "main");
        Commit(".");
    }

    private string Manifest => Path.Combine(_repo.Path, ManifestConventions.ManifestPath);

    [Fact]
    public void Writes_the_manifest_and_application_with_the_exact_commit_then_leaves_them_alone()
    {
        var first = Run();
        var head = Git("rev-parse", "HEAD").Trim();

        Assert.True(first.ExitCode == 0, first.Output);
        var manifest = File.ReadAllText(Manifest);
        Assert.Contains($"--context=git://git.example.com/team/images.git#refs/heads/main#{head}", manifest);
        Assert.Contains("--context-sub-path=images/app", manifest);
        Assert.Contains("--context=dir:///workspace/context", manifest);
        Assert.Contains("repoURL: https://git.example.com/team/images.git", File.ReadAllText(Path.Combine(_repo.Path, ManifestConventions.ApplicationPath)));
        Assert.Contains("+ app: added", first.Output);
        Assert.Contains("deploy/manifest.yaml: created", first.Output);

        // Publishing deploy/ is a commit too; it must not move the images' revisions.
        Commit("deploy");
        var mtime = File.GetLastWriteTimeUtc(Manifest);
        var second = Run();

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("deploy/manifest.yaml: unchanged", second.Output);
        Assert.Equal(manifest, File.ReadAllText(Manifest));
        Assert.Equal(mtime, File.GetLastWriteTimeUtc(Manifest));
    }

    [Fact]
    public void A_dry_run_reports_the_changed_image_and_writes_nothing()
    {
        Assert.Equal(0, Run().ExitCode);
        _repo.Write("images/busybox/Dockerfile", "FROM busybox:1.37\n");
        Commit("images");
        var before = _repo.Snapshot();

        var result = Run("--dryrun");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("~ busybox: content changed (busybox-", result.Output);
        Assert.DoesNotContain("app:", result.Output);
        Assert.Contains("deploy/manifest.yaml: would be updated (dry run: nothing written)", result.Output);
        Assert.Equal(before, _repo.Snapshot());
    }

    [Fact]
    public void Uncommitted_git_context_fails_in_ci_and_keeps_the_previous_manifest()
    {
        Assert.Equal(0, Run().ExitCode);
        var before = File.ReadAllBytes(Manifest);
        _repo.Write("images/app/app.py", "print('changed')\n");

        var ci = Run(environment: new Dictionary<string, string?> { ["CI"] = "true" });
        var local = Run(environment: new Dictionary<string, string?> { ["CI"] = null });

        Assert.NotEqual(0, ci.ExitCode);
        Assert.Contains("images/app: has uncommitted changes (images/app/app.py)", ci.Output);
        Assert.DoesNotContain("   at ", ci.Output);
        Assert.Equal(0, local.ExitCode);
        Assert.Contains("builds the head of branch main", local.Output);
        Assert.NotEqual(before, File.ReadAllBytes(Manifest));
    }

    /// <summary>
    /// git status lists tracked files only; a Dockerfile or ignore file git does not track (here one ignored by
    /// .gitignore, one merely untracked) is still read from the checkout, so the commit lacks what was hashed.
    /// </summary>
    [Fact]
    public void An_untracked_ignored_dockerfile_or_untracked_ignore_file_is_uncommitted()
    {
        _repo.Write(".gitignore", "images/late/Dockerfile\n");
        Commit(".gitignore");
        _repo.Write("images/late/Dockerfile", "FROM busybox:1.36\n");
        _repo.Write("images/late/keep.txt", "tracked\n");
        Git("add", "-f", "images/late/keep.txt");
        _repo.Write("images/app/.dockerignore", "*.md\n");
        Git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "late image, ignored Dockerfile");
        Assert.Equal("", Git("status", "--porcelain", "--untracked-files=no").Trim());

        var ci = Run(environment: new Dictionary<string, string?> { ["CI"] = "true" });

        Assert.NotEqual(0, ci.ExitCode);
        Assert.Contains("images/late: has uncommitted changes (images/late/Dockerfile)", ci.Output);
        Assert.Contains("images/app: has uncommitted changes (images/app/.dockerignore)", ci.Output);
        Assert.DoesNotContain("images/busybox: has uncommitted", ci.Output);
    }

    [Fact]
    public void A_folder_that_is_no_git_work_tree_fails_for_git_contexts_and_writes_nothing()
    {
        Directory.Delete(Path.Combine(_repo.Path, ".git"), recursive: true);
        var before = _repo.Snapshot();

        var result = Run();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("images/app: builds from git", result.Output);
        Assert.Equal(before, _repo.Snapshot());
    }

    [Fact]
    public void An_image_changed_on_a_merged_branch_is_pinned_to_the_merge_commit_on_the_branch()
    {
        Git("checkout", "-q", "-b", "feature");
        _repo.Write("images/app/app.py", "print('feature')\n");
        Commit("images");
        Git("checkout", "-q", "main");
        Git("-c", "user.name=test", "-c", "user.email=test@example.com", "merge", "-q", "--no-ff", "-m", "merge feature", "feature");
        var merge = Git("rev-parse", "HEAD").Trim();
        var busybox = Git("log", "-1", "--format=%H", "--", "images/busybox").Trim();

        var result = Run();

        Assert.True(result.ExitCode == 0, result.Output);
        var manifest = File.ReadAllText(Manifest);
        Assert.Contains($"#refs/heads/main#{merge}", manifest);
        Assert.Contains($"org.opencontainers.image.revision={busybox}", manifest);
    }

    [Fact]
    public void A_repository_in_a_subfolder_of_the_work_tree_gets_the_folder_in_the_context_sub_path()
    {
        using var outer = new TempDirectory();
        foreach (var file in Directory.EnumerateFiles(_repo.Path, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/.git/")))
        {
            outer.Write(Path.Combine("teams", "builds", Path.GetRelativePath(_repo.Path, file)), File.ReadAllText(file));
        }

        ProcessResult.Run("git", ["init", "-q", "-b", "main"], outer.Path);
        ProcessResult.Run("git", ["add", "-A"], outer.Path);
        ProcessResult.Run("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "all"], outer.Path);
        var working = Path.Combine(outer.Path, "teams", "builds");

        var result = BuildRunner.Run(["GenerateManifests", "--working", working], new Dictionary<string, string?> { ["CI"] = "true" });

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("--context-sub-path=teams/builds/images/app", File.ReadAllText(Path.Combine(working, ManifestConventions.ManifestPath)));
    }

    [Fact]
    public void A_shallow_clone_is_named_in_a_warning()
    {
        _repo.Write("images/app/app.py", "print('second')\n");
        Commit("images");
        using var clone = new TempDirectory();
        var cloned = ProcessResult.Run("git", ["clone", "-q", "--depth", "1", "file://" + _repo.Path, clone.Path], _repo.Path);
        Assert.True(cloned.ExitCode == 0, cloned.Output);

        var shallow = BuildRunner.Run(["GenerateManifests", "--working", clone.Path], new Dictionary<string, string?> { ["CI"] = null });
        var full = Run();

        Assert.True(shallow.ExitCode == 0, shallow.Output);
        Assert.Contains("shallow clone", shallow.Output);
        Assert.DoesNotContain("shallow clone", full.Output);
    }

    public void Dispose() => _repo.Dispose();

    private ProcessResult Run(string? option = null, IReadOnlyDictionary<string, string?>? environment = null) =>
        BuildRunner.Run(
            ["GenerateManifests", "--working", _repo.Path, .. option is null ? Array.Empty<string>() : [option]],
            environment ?? new Dictionary<string, string?> { ["CI"] = null });

    private void Commit(string path)
    {
        Git("add", "-A", path);
        Git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "change " + path);
    }

    private string Git(params string[] arguments)
    {
        var result = ProcessResult.Run("git", arguments, _repo.Path);
        Assert.True(result.ExitCode == 0, result.Output);
        return result.StandardOutput;
    }
}
