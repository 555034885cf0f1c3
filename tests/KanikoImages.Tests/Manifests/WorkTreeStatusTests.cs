using KanikoImages.Manifests;
using KanikoImages.Tests.Publishing;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Manifests;

/// <summary>
/// The real Build.dll on a real git repository: when the hash found every tracked file below the images exactly as
/// git's index has it, only the index is compared with HEAD (`git diff-index --cached`); any other work tree goes
/// through `git status` as before, and either way the same changes make a Job's sources uncommitted.
/// </summary>
public sealed class WorkTreeStatusTests : IDisposable
{
    private const string Status = "--no-optional-locks status";
    private const string DiffIndex = "diff-index --cached";

    private readonly TempDirectory _repo = new();

    public WorkTreeStatusTests()
    {
        _repo.Write("images.yaml", "registry: registry.example.com/e2e\ngit:\n  url: https://git.example.com/team/images.git\n  branch: main\n");
        _repo.Write("images/app/Dockerfile", "FROM python:3.12-slim\nCOPY . /app/\n");
        _repo.Write("images/app/app.py", "print('hi')\n");
        _repo.Write("images/app/lib.py", "VALUE = 1\n");
        _repo.Write("images/app/.dockerignore", "*.log\n");
        _repo.Write("images/app/debug.log", "tracked, ignored by the build\n");
        // Dockerfile only: a ConfigMap context, hashed from its bytes.
        _repo.Write("images/tool/Dockerfile", "FROM busybox:1.36\n");
        Git("init", "-q", "-b", "main");
        Git("add", "-A");
        Git("add", "-f", "images/app/debug.log");
        Commit();
    }

    public void Dispose() => _repo.Dispose();

    private string Manifest => File.ReadAllText(Path.Combine(_repo.Path, ManifestConventions.ManifestPath));

    [Fact]
    public void A_work_tree_whose_hashed_files_are_the_index_is_not_compared_again_and_the_jobs_are_pinned()
    {
        // The tracked debug.log is ignored by the build and never read by the hash: git status would answer for it.
        RemoveDebugLog();

        var result = Run();

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains(DiffIndex, result.Output);
        Assert.DoesNotContain(Status, result.Output);
        Assert.Contains($"#refs/heads/main#{Git("rev-parse", "HEAD")}", Manifest);
        Assert.DoesNotContain("uncommitted", result.Output);
    }

    [Fact]
    public void A_staged_change_is_uncommitted_without_git_status()
    {
        RemoveDebugLog();
        _repo.Write("images/app/app.py", "print('staged')\n");
        Git("add", "images/app/app.py");

        var result = Run(ci: true);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("images/app: has uncommitted changes (images/app/app.py)", result.Output);
        Assert.Contains(DiffIndex, result.Output);
        Assert.DoesNotContain(Status, result.Output);
    }

    [Fact]
    public void A_staged_deletion_below_a_context_is_uncommitted()
    {
        RemoveDebugLog();
        _repo.Write("images/app/extra.txt", "x\n");
        Git("add", "images/app/extra.txt");
        Commit();
        Git("rm", "-q", "images/app/extra.txt");

        var result = Run(ci: true);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("images/app: has uncommitted changes (images/app/extra.txt)", result.Output);
    }

    [Theory]
    [InlineData("edit")]
    [InlineData("chmod")]
    [InlineData("delete")]
    [InlineData("ignored-delete")]
    public void A_work_tree_change_goes_through_git_status_and_is_uncommitted(string change)
    {
        // Without the ignored log every other tracked file is confirmed: only the change itself can send this to status.
        if (change != "ignored-delete")
        {
            RemoveDebugLog();
        }

        string path;
        switch (change)
        {
            case "edit":
                path = "images/app/app.py";
                _repo.Write(path, "print('changed')\n");
                break;
            case "chmod":
                path = "images/app/app.py";
                File.SetUnixFileMode(Path.Combine(_repo.Path, path), File.GetUnixFileMode(Path.Combine(_repo.Path, path)) | UnixFileMode.UserExecute);
                break;
            case "delete":
                path = "images/app/app.py";
                File.Delete(Path.Combine(_repo.Path, path));
                break;
            default:
                path = "images/app/debug.log";
                File.Delete(Path.Combine(_repo.Path, path));
                break;
        }

        var result = Run(ci: true);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"images/app: has uncommitted changes ({path})", result.Output);
        Assert.Contains(Status, result.Output);
    }

    /// <summary>
    /// `git add -N` records an empty blob flagged intent-to-add: an empty file matches it byte for byte, so only the
    /// index's comparison with HEAD can find it (git status and diff-index --cached list it as added).
    /// </summary>
    [Fact]
    public void An_empty_file_added_with_intent_to_add_is_uncommitted()
    {
        RemoveDebugLog();
        _repo.Write("images/app/empty.txt", "");
        Git("add", "-N", "images/app/empty.txt");

        var result = Run(ci: true);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("images/app: has uncommitted changes (images/app/empty.txt)", result.Output);
    }

    /// <summary>A ConfigMap context is hashed from its bytes; an edited one loses its pinned revision.</summary>
    [Fact]
    public void An_edited_configmap_context_goes_through_git_status_and_loses_its_revision()
    {
        RemoveDebugLog();
        Assert.Equal(0, Run().ExitCode);
        var pinned = Revisions();
        _repo.Write("images/tool/Dockerfile", "FROM busybox:1.37\n");

        var result = Run();

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains(Status, result.Output);
        Assert.Equal(pinned - 1, Revisions());
    }

    private int Revisions() => Manifest.Split("org.opencontainers.image.revision=").Length - 1;

    /// <summary>The index holds the path's stages, the first one the merge base's text, which the work tree holds too.</summary>
    [Fact]
    public void A_file_left_in_conflict_is_uncommitted_even_with_the_index_stage_content()
    {
        RemoveDebugLog();
        Git("checkout", "-q", "-b", "other");
        _repo.Write("images/app/app.py", "print('other')\n");
        Git("add", "images/app/app.py");
        Commit();
        Git("checkout", "-q", "main");
        _repo.Write("images/app/app.py", "print('main')\n");
        Git("add", "images/app/app.py");
        Commit();
        GitRemote.TryGit(_repo.Path, "merge", "-q", "other");
        _repo.Write("images/app/app.py", "print('hi')\n");
        Assert.Contains("UU images/app/app.py", Git("status", "--porcelain"));

        var result = Run(ci: true);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("images/app: has uncommitted changes (images/app/app.py)", result.Output);
    }

    private void RemoveDebugLog()
    {
        Git("rm", "-q", "images/app/debug.log");
        Commit();
    }

    private ProcessResult Run(bool ci = false) =>
        BuildRunner.Run(
            ["GenerateManifests", "--working", _repo.Path, "--verbosity", "diagnostic"],
            new Dictionary<string, string?> { ["CI"] = ci ? "true" : null });

    private void Commit() => Git("commit", "-q", "-m", "change");

    private string Git(params string[] arguments) => GitRemote.Git(_repo.Path, arguments);
}
