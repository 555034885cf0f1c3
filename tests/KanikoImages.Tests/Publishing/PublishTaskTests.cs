using KanikoImages.Manifests;
using KanikoImages.Tests.Support;
using static KanikoImages.Tests.Publishing.GitRemote;

namespace KanikoImages.Tests.Publishing;

/// <summary>The real Build.dll running Publish on a clone of a real bare remote.</summary>
public sealed class PublishTaskTests : IDisposable
{
    private readonly GitRemote _remote = new();
    private readonly string _clone;

    public PublishTaskTests()
    {
        _clone = _remote.Clone();
        File.WriteAllText(
            Path.Combine(_clone, "images.yaml"),
            $"registry: registry.example.test/team\ngit:\n  url: {_remote.Bare}\n  branch: main\n");
        Git(_clone, "add", "images.yaml");
        MergeImage(_clone, "alpha", "FROM busybox:1.37\n");
    }

    /// <summary>deploy/ as the real GenerateManifests writes it: the gate Publish runs is the real validator.</summary>
    private void Generate()
    {
        var result = BuildRunner.Run("GenerateManifests", "--working", _clone);
        Assert.True(result.ExitCode == 0, result.Output);
    }

    public void Dispose() => _remote.Dispose();

    [Fact]
    public void Publish_commits_and_pushes_as_the_configured_author()
    {
        Generate();

        var result = BuildRunner.Run(
            "Publish", "--exclusive", "--working", _clone, "--git-author-name=CI Bot", "--git-author-email=ci@example.test");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Published ", result.StandardOutput);
        Assert.Equal(Git(_clone, "rev-parse", "HEAD"), _remote.Head());
        Assert.Equal("CI Bot <ci@example.test>|CI Bot <ci@example.test>", Git(_remote.Bare, "log", "-1", "--format=%an <%ae>|%cn <%ce>", "main"));
        // The remote starts with a hand-written deploy/; the real generator's Jobs replace it.
        Assert.Matches(@"^Publish deploy/: rebuilt alpha\b.*\[skip ci\]$", Git(_remote.Bare, "log", "-1", "--format=%s", "main"));

        var again = BuildRunner.Run("Publish", "--exclusive", "--working", _clone);

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("Nothing to publish", again.StandardOutput);
    }

    [Fact]
    public void A_misspelled_dryrun_is_an_error_and_the_remote_is_untouched()
    {
        Generate();
        var head = _remote.Head();
        var local = Git(_clone, "rev-parse", "HEAD");

        var result = BuildRunner.Run("Publish", "--exclusive", "--working", _clone, "--dryrn");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unknown option '--dryrn'; did you mean '--dryrun'?", result.StandardError);
        Assert.Equal(head, _remote.Head());
        Assert.Equal(local, Git(_clone, "rev-parse", "HEAD"));
    }

    [Fact]
    public void Dryrun_false_publishes_for_real()
    {
        Generate();
        var head = _remote.Head();

        var result = BuildRunner.Run("Publish", "--exclusive", "--working", _clone, "--dryrun=false");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.NotEqual(head, _remote.Head());
    }

    [Fact]
    public void The_whole_graph_validates_deploy_once_and_publishes_it()
    {
        var result = BuildRunner.Run("Publish", "--working", _clone);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("deploy/ passed Validate in this run and has not changed since: not validated again.", result.StandardOutput);
        Assert.Contains("Published ", result.StandardOutput);
        Assert.Equal(Git(_clone, "rev-parse", "HEAD"), _remote.Head());
    }

    [Fact]
    public void An_invalid_manifest_fails_the_task_and_publishes_nothing()
    {
        var before = _remote.Head();
        File.WriteAllText(Path.Combine(_clone, ManifestConventions.ManifestPath), "kind: Job\n  metadata: [broken\n");

        var result = BuildRunner.Run("Publish", "--exclusive", "--working", _clone);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("deploy/manifest.yaml", result.Output);
        Assert.Contains("error", result.Output);
        Assert.Matches(@"Publish\s+\S+\s+Failed", result.StandardOutput);
        Assert.DoesNotContain("   at ", result.Output);
        Assert.Equal(before, _remote.Head());
    }

    [Fact]
    public void Dry_run_prints_the_commit_and_the_target_and_changes_nothing()
    {
        Generate();
        var head = Git(_clone, "rev-parse", "HEAD");
        var remoteHead = _remote.Head();
        var status = Git(_clone, "status", "--porcelain");

        var result = BuildRunner.Run("Publish", "--exclusive", "--working", _clone, "--dryrun");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Matches(@"Publish deploy/: rebuilt alpha\b.*\[skip ci\]", result.StandardOutput);
        Assert.Contains(ManifestConventions.ManifestPath, result.StandardOutput);
        Assert.Contains($"origin ({_remote.Bare}) branch main", result.StandardOutput);
        Assert.Equal(head, Git(_clone, "rev-parse", "HEAD"));
        Assert.Equal(status, Git(_clone, "status", "--porcelain"));
        Assert.Equal(remoteHead, _remote.Head());
    }

    [Fact]
    public void Dry_run_of_the_whole_graph_validates_what_it_would_write_not_the_old_file()
    {
        // deploy/ still holds the remote's hand-written manifest, out of date for the changed alpha.
        var status = Git(_clone, "status", "--porcelain");
        var manifest = File.ReadAllText(Path.Combine(_clone, ManifestConventions.ManifestPath));
        var remoteHead = _remote.Head();

        var result = BuildRunner.Run("Publish", "--working", _clone, "--dryrun");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Validating what GenerateManifests would write", result.StandardOutput);
        Assert.Matches(@"Publish deploy/: rebuilt alpha\b.*\[skip ci\]", result.StandardOutput);
        Assert.Equal(manifest, File.ReadAllText(Path.Combine(_clone, ManifestConventions.ManifestPath)));
        Assert.Equal(status, Git(_clone, "status", "--porcelain"));
        Assert.Equal(remoteHead, _remote.Head());
    }

    [Fact]
    public void Diagnostic_output_never_shows_credentials_of_the_remote_url()
    {
        Generate();
        Git(_clone, "remote", "set-url", "origin", "https://ci-bot:s3cret-token@127.0.0.1:1/team/images.git?access_token=tok123#frag456");

        var result = BuildRunner.Run("Publish", "--exclusive", "--working", _clone, "--verbosity", "diagnostic");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("https://***@127.0.0.1:1/team/images.git?***", result.Output);
        Assert.DoesNotContain("s3cret", result.Output);
        Assert.DoesNotContain("tok123", result.Output);
        Assert.DoesNotContain("frag456", result.Output);
    }

    [Fact]
    public void Git_path_replaces_the_git_on_path()
    {
        Generate();
        using var tools = new TempDirectory();
        var calls = Path.Combine(tools.Path, "calls.log");
        var wrapper = tools.Write("git-wrapper", $"#!/bin/sh\necho \"$*\" >> '{calls}'\nexec git \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var result = BuildRunner.Run("Publish", "--exclusive", "--working", _clone, "--dryrun", $"--git-path={wrapper}");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("status --porcelain=v1", File.ReadAllText(calls));
    }

    [Fact]
    public void A_bad_retry_setting_is_a_clear_error()
    {
        Generate();

        var result = BuildRunner.Run("Publish", "--exclusive", "--working", _clone, "--git-push-attempts=0");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--git-push-attempts: '0' is not a positive whole number.", result.Output);
    }

    [Fact]
    public void A_folder_that_is_not_a_repository_is_a_clear_error()
    {
        using var plain = new TempDirectory();
        plain.Write(ManifestConventions.ManifestPath, "kind: Job\n");

        var result = BuildRunner.Run("Publish", "--exclusive", "--working", plain.Path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"{plain.Path}: not a git repository", result.Output);
    }
}
