using KanikoImages.Manifests;
using KanikoImages.Publishing;
using KanikoImages.Tests.Support;
using static KanikoImages.Tests.Publishing.GitRemote;

namespace KanikoImages.Tests.Publishing;

/// <summary>Publishing against real git: a bare remote and clones in temp folders, through the build's Cake git.</summary>
public sealed class PublisherTests : IDisposable
{
    private readonly GitRemote _remote = new();

    public void Dispose() => _remote.Dispose();

    [Fact]
    public void Publish_pushes_exactly_one_commit_touching_only_deploy()
    {
        var clone = _remote.Clone();
        CommitImage(clone, "alpha", "FROM busybox:1.37\n");
        Git(clone, "push", "--quiet", "origin", "HEAD:main");
        var before = _remote.Head();
        TestManifest.Write(clone);
        File.WriteAllText(Path.Combine(clone, "README.md"), "staged, never published\n");
        Git(clone, "add", "README.md");
        File.WriteAllText(Path.Combine(clone, "notes.txt"), "untracked, never published\n");

        var result = Publisher(clone).Publish(Options());

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Equal(before, Git(_remote.Bare, "rev-parse", "main~1"));
        Assert.Equal(result.Commit, _remote.Head());
        Assert.Equal([ManifestConventions.ManifestPath], Git(_remote.Bare, "diff-tree", "--no-commit-id", "--name-only", "-r", "main").Split('\n'));
        var subject = Git(_remote.Bare, "log", "-1", "--format=%s", "main");
        Assert.Equal("Publish deploy/: rebuilt alpha [skip ci]", subject);
        Assert.Equal("kaniko-k8s-images <kaniko-k8s-images@users.noreply.github.com>", Git(_remote.Bare, "log", "-1", "--format=%an <%ae>", "main"));
        Assert.Equal("kaniko-k8s-images <kaniko-k8s-images@users.noreply.github.com>", Git(_remote.Bare, "log", "-1", "--format=%cn <%ce>", "main"));
        Assert.Equal("A  README.md\n?? notes.txt", Git(clone, "status", "--porcelain"));
    }

    [Fact]
    public void A_second_run_publishes_nothing()
    {
        var clone = _remote.Clone();
        MergeImage(clone, "beta", "FROM alpine:3.21\n");
        TestManifest.Write(clone);
        Assert.Equal(PublishOutcome.Published, Publisher(clone).Publish(Options()).Outcome);
        var head = _remote.Head();

        var second = Publisher(clone).Publish(Options());

        Assert.Equal(PublishOutcome.NothingToPublish, second.Outcome);
        Assert.Equal(head, _remote.Head());
        Assert.Equal(head, Git(clone, "rev-parse", "HEAD"));
    }

    [Fact]
    public void A_validation_failure_publishes_nothing()
    {
        var clone = _remote.Clone();
        MergeImage(clone, "alpha", "FROM busybox:1.37\n");
        var remoteBefore = _remote.Head();
        var localBefore = Git(clone, "rev-parse", "HEAD");
        File.AppendAllText(Path.Combine(clone, ManifestConventions.ManifestPath), "# hand edit\n");

        var error = Assert.Throws<PublishException>(() => Publisher(clone).Publish(Options()));

        Assert.Contains("did not pass validation", error.Message);
        Assert.Contains("stale", error.Message);
        Assert.Equal(remoteBefore, _remote.Head());
        Assert.Equal(localBefore, Git(clone, "rev-parse", "HEAD"));
    }

    [Fact]
    public async Task Two_clones_publishing_at_once_both_land_on_the_remote_without_force()
    {
        var seed = _remote.Head();
        var first = _remote.Clone();
        MergeImage(first, "alpha", "FROM busybox:1.37\n");
        var second = _remote.Clone();
        MergeImage(second, "beta", "FROM alpine:3.21\n");
        TestManifest.Write(first);
        TestManifest.Write(second);
        using var start = new Barrier(2);

        // As two publish workflows of two merges: the first checkout is already behind, so whichever pushes
        // second is rejected and must catch up (rebase, regenerate); the first's manifest may then already be
        // superseded by the second's, which holds both changes.
        var results = await Task.WhenAll(
            Task.Run(() => { start.SignalAndWait(); return Publisher(first).Publish(Options()); }),
            Task.Run(() => { start.SignalAndWait(); return Publisher(second).Publish(Options()); }));

        Assert.Contains(results, r => r.Outcome == PublishOutcome.Published);
        Assert.All(results, r => Assert.Contains(r.Outcome, new[] { PublishOutcome.Published, PublishOutcome.NothingToPublish }));
        Assert.Empty(Git(_remote.Bare, "rev-list", "--merges", "main"));
        var history = Git(_remote.Bare, "log", "--format=%s", $"{seed}..main").Split('\n');
        Assert.Contains("Change image alpha", history);
        Assert.Contains("Change image beta", history);
        Assert.InRange(history.Count(s => s.EndsWith("[skip ci]", StringComparison.Ordinal)), 1, results.Count(r => r.Outcome == PublishOutcome.Published));
        var final = _remote.Clone();
        Assert.Equal(TestManifest.Render(final), File.ReadAllText(Path.Combine(final, ManifestConventions.ManifestPath)));
        Assert.All(results.Where(r => r.Commit is not null), r => Assert.Equal(0, TryGit(_remote.Bare, "merge-base", "--is-ancestor", r.Commit!, "main").ExitCode));
    }

    [Fact]
    public void A_detached_head_publishes_to_git_branch()
    {
        var clone = _remote.Clone();
        MergeImage(clone, "beta", "FROM alpine:3.21\n");
        Git(clone, "checkout", "--quiet", "--detach");
        TestManifest.Write(clone);

        var result = Publisher(clone).Publish(Options());

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Equal(Git(clone, "rev-parse", "HEAD"), _remote.Head());
        Assert.Contains("rebuilt beta", Git(_remote.Bare, "log", "-1", "--format=%s", "main"));
    }

    [Fact]
    public void Another_branch_is_refused_naming_both_and_nothing_is_pushed()
    {
        var clone = _remote.Clone();
        Git(clone, "checkout", "--quiet", "-b", "feature");
        TestManifest.Write(clone);
        File.AppendAllText(Path.Combine(clone, ManifestConventions.ManifestPath), "");
        var before = Git(_remote.Bare, "for-each-ref");

        var error = Assert.Throws<PublishException>(() => Publisher(clone).Publish(Options()));

        Assert.Contains("the checked-out branch is 'feature', but git.branch (the branch Argo CD watches and Publish pushes to) is 'main'", error.Message);
        Assert.Equal(before, Git(_remote.Bare, "for-each-ref"));
    }

    [Fact]
    public void Unpushed_local_commits_are_refused_listing_them_also_in_a_dry_run()
    {
        var clone = _remote.Clone();
        CommitImage(clone, "alpha", "FROM busybox:1.37\n");
        var local = Git(clone, "rev-parse", "HEAD");
        TestManifest.Write(clone);
        var before = _remote.Head();

        var error = Assert.Throws<PublishException>(() => Publisher(clone).Publish(Options()));
        var dryRun = Assert.Throws<PublishException>(() => Publisher(clone).Publish(Options() with { DryRun = true }));

        Assert.Contains("HEAD has 1 commit(s) that are not on origin", error.Message);
        Assert.Contains($"{local[..12]} Change image alpha", error.Message);
        Assert.Equal(error.Message, dryRun.Message);
        Assert.Equal(before, _remote.Head());
        Assert.Equal(local, Git(clone, "rev-parse", "HEAD"));
    }

    [Fact]
    public void A_deploy_commit_left_by_a_killed_run_is_published_not_reported_as_nothing()
    {
        var clone = _remote.Clone();
        MergeImage(clone, "alpha", "FROM busybox:1.37\n");
        TestManifest.Write(clone);
        Git(clone, "add", ManifestConventions.ManifestPath);
        Git(clone, "commit", "--quiet", "-m", "Publish deploy/: changed alpha [skip ci]");
        var before = _remote.Head();
        var log = new List<string>();

        var result = Publisher(clone, log: log).Publish(Options());

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Contains(log, line => line.Contains("an earlier Publish never pushed") && line.Contains("replacing it"));
        Assert.Equal(before, Git(_remote.Bare, "rev-parse", "main~1"));
        Assert.Equal(TestManifest.Render(clone), Git(_remote.Bare, "show", "main:" + ManifestConventions.ManifestPath) + "\n");
        Assert.Equal(PublishOutcome.NothingToPublish, Publisher(clone).Publish(Options()).Outcome);
    }

    [Fact]
    public void A_file_in_deploy_that_is_not_generated_is_refused_and_never_committed()
    {
        var clone = _remote.Clone();
        MergeImage(clone, "alpha", "FROM busybox:1.37\n");
        TestManifest.Write(clone);
        File.WriteAllText(Path.Combine(clone, "deploy", "secret.yaml"), "kind: Secret\ndata:\n  token: c2VjcmV0\n");
        File.WriteAllText(Path.Combine(clone, "deploy", "manifest.yaml~"), "backup\n");
        var before = _remote.Head();

        var error = Assert.Throws<PublishException>(() => Publisher(clone).Publish(Options()));

        Assert.Contains("deploy/secret.yaml: not written by GenerateManifests", error.Message);
        Assert.Contains("deploy/manifest.yaml~: not written by GenerateManifests", error.Message);
        Assert.Equal(before, _remote.Head());

        File.Delete(Path.Combine(clone, "deploy", "manifest.yaml~"));
        File.Delete(Path.Combine(clone, "deploy", "secret.yaml"));
        Assert.Equal(PublishOutcome.Published, Publisher(clone).Publish(Options()).Outcome);
        Assert.Equal([ManifestConventions.ManifestPath], Git(_remote.Bare, "diff-tree", "--no-commit-id", "--name-only", "-r", "main").Split('\n'));
    }

    [Fact]
    public void A_protected_branch_is_a_clear_error_and_the_change_stays_in_the_working_tree()
    {
        var clone = _remote.Clone();
        MergeImage(clone, "alpha", "FROM busybox:1.37\n");
        var hook = Path.Combine(_remote.Bare, "hooks", "pre-receive");
        File.WriteAllText(hook, "#!/bin/sh\necho 'GH006: Protected branch update failed for refs/heads/main.'\nexit 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var localBefore = Git(clone, "rev-parse", "HEAD");
        var remoteBefore = _remote.Head();
        TestManifest.Write(clone);

        var error = Assert.Throws<PublishException>(() => Publisher(clone).Publish(Options()));

        Assert.Contains("declined", error.Message);
        Assert.Contains("GH006: Protected branch update failed", error.Message);
        Assert.Equal(remoteBefore, _remote.Head());
        Assert.Equal(localBefore, Git(clone, "rev-parse", "HEAD"));
        Assert.Equal("M deploy/manifest.yaml", Git(clone, "status", "--porcelain"));
    }

    [Fact]
    public void A_rebase_git_refuses_is_a_clear_error_and_leaves_the_working_tree_as_it_was()
    {
        var clone = _remote.Clone();
        MergeImage(clone, "alpha", "FROM busybox:1.37\n");
        var other = _remote.Clone();
        File.WriteAllText(Path.Combine(other, "README.md"), "upstream\n");
        Git(other, "add", "README.md");
        Git(other, "commit", "--quiet", "-m", "Add README");
        Git(other, "push", "--quiet", "origin", "HEAD:main");
        TestManifest.Write(clone);
        File.WriteAllText(Path.Combine(clone, "README.md"), "mine, untracked\n");
        var headBefore = Git(clone, "rev-parse", "HEAD");
        var files = Snapshot(clone);

        var error = Assert.Throws<PublishException>(() => Publisher(clone).Publish(Options()));

        Assert.Contains("git rebase --autostash failed", error.Message);
        Assert.Contains("README.md", error.Message);
        Assert.Equal(headBefore, Git(clone, "rev-parse", "HEAD"));
        Assert.Equal(files, Snapshot(clone));
        Assert.False(Directory.Exists(Path.Combine(clone, ".git", "rebase-merge")));
    }

    [Fact]
    public void Upstream_image_changes_are_regenerated_into_the_commit()
    {
        var clone = _remote.Clone();
        MergeImage(clone, "alpha", "FROM busybox:1.37\n");
        var other = _remote.Clone();
        MergeImage(other, "beta", "FROM alpine:3.21\n");
        TestManifest.Write(clone);
        File.WriteAllText(Path.Combine(clone, "README.md"), "staged, kept aside during the rebase\n");
        Git(clone, "add", "README.md");
        var log = new List<string>();

        var result = Publisher(clone, log: log).Publish(Options());

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Equal(2, result.Attempts);
        Assert.Equal("staged, kept aside during the rebase\n", File.ReadAllText(Path.Combine(clone, "README.md")));
        Assert.Equal("A  README.md", Git(clone, "status", "--porcelain"));
        Assert.NotEqual(0, TryGit(_remote.Bare, "cat-file", "-e", "main:README.md").ExitCode);
        Assert.Equal("Publish deploy/: rebuilt alpha, beta [skip ci]", result.Message!.Split('\n')[0]);
        Assert.Contains(log, line => line.Contains("regenerating deploy/"));
        var final = _remote.Clone();
        Assert.Equal(TestManifest.Render(final), File.ReadAllText(Path.Combine(final, ManifestConventions.ManifestPath)));
    }

    [Fact]
    public void A_conflict_in_deploy_is_resolved_by_regenerating_not_merging()
    {
        var clone = _remote.Clone();
        MergeImage(clone, "alpha", "FROM busybox:1.37\n");
        var other = _remote.Clone();
        MergeImage(other, "beta", "FROM alpine:3.21\n");
        TestManifest.Write(other);
        Publisher(other).Publish(Options());
        TestManifest.Write(clone);
        var log = new List<string>();

        var result = Publisher(clone, log: log).Publish(Options());

        // The conflict is resolved by regenerating on top of upstream, which then already holds this deploy/.
        Assert.Equal(PublishOutcome.NothingToPublish, result.Outcome);
        Assert.Contains(log, line => line.StartsWith("deploy/ conflicts with main (deploy/manifest.yaml)", StringComparison.Ordinal));
        Assert.Empty(Git(_remote.Bare, "rev-list", "--merges", "main"));
        Assert.Equal(Git(clone, "rev-parse", "HEAD"), _remote.Head());
        var final = _remote.Clone();
        Assert.Equal(TestManifest.Render(final), File.ReadAllText(Path.Combine(final, ManifestConventions.ManifestPath)));
    }

    [Fact]
    public void A_failing_regeneration_aborts_the_rebase_and_leaves_the_change_uncommitted()
    {
        var clone = _remote.Clone();
        MergeImage(clone, "alpha", "FROM busybox:1.37\n");
        var other = _remote.Clone();
        MergeImage(other, "beta", "FROM alpine:3.21\n");
        TestManifest.Write(other);
        Publisher(other).Publish(Options());
        var remoteBefore = _remote.Head();
        TestManifest.Write(clone);
        var headBefore = Git(clone, "rev-parse", "HEAD");
        var files = Snapshot(clone);

        var error = Assert.Throws<PublishException>(() => Publisher(clone, regenerator: new FailingRegenerator()).Publish(Options()));

        Assert.Equal(FailingRegenerator.Message, error.Message);
        Assert.Equal(remoteBefore, _remote.Head());
        Assert.Equal(headBefore, Git(clone, "rev-parse", "HEAD"));
        Assert.Equal("M deploy/manifest.yaml", Git(clone, "status", "--porcelain"));
        Assert.Equal(files, Snapshot(clone));
    }

    [Fact]
    public void Retries_are_bounded()
    {
        var clone = _remote.Clone();
        MergeImage(clone, "alpha", "FROM busybox:1.37\n");
        var other = _remote.Clone();
        MergeImage(other, "beta", "FROM alpine:3.21\n");
        var remoteBefore = _remote.Head();
        TestManifest.Write(clone);
        var headBefore = Git(clone, "rev-parse", "HEAD");

        var error = Assert.Throws<PublishException>(() => Publisher(clone).Publish(Options() with { PushAttempts = 1 }));

        Assert.Contains("gave up after 1 pushes", error.Message);
        Assert.Equal(remoteBefore, _remote.Head());
        Assert.Equal(headBefore, Git(clone, "rev-parse", "HEAD"));
        Assert.Equal("M deploy/manifest.yaml", Git(clone, "status", "--porcelain"));
    }

    [Fact]
    public void Dry_run_changes_nothing_and_shows_the_commit_and_the_target()
    {
        var clone = _remote.Clone();
        MergeImage(clone, "alpha", "FROM busybox:1.37\n");
        TestManifest.Write(clone);
        var remoteBefore = _remote.Head();
        var headBefore = Git(clone, "rev-parse", "HEAD");
        var statusBefore = Git(clone, "status", "--porcelain");
        var files = Snapshot(clone);

        var result = Publisher(clone).Publish(Options() with { DryRun = true });

        Assert.Equal(PublishOutcome.WouldPublish, result.Outcome);
        Assert.StartsWith("Publish deploy/: rebuilt alpha [skip ci]", result.Message);
        Assert.Equal([ManifestConventions.ManifestPath], result.Files);
        Assert.Equal($"origin ({_remote.Bare}) branch main", result.Target);
        Assert.Equal(remoteBefore, _remote.Head());
        Assert.Equal(headBefore, Git(clone, "rev-parse", "HEAD"));
        Assert.Equal(statusBefore, Git(clone, "status", "--porcelain"));
        Assert.Equal(files, Snapshot(clone));
    }

    [Fact]
    public void Uncommitted_image_changes_are_refused()
    {
        var clone = _remote.Clone();
        WriteImage(clone, "alpha", "FROM busybox:1.37\n");
        TestManifest.Write(clone);

        var error = Assert.Throws<PublishException>(() => Publisher(clone).Publish(Options()));

        Assert.Contains("Uncommitted changes in what deploy/ is generated from (images/alpha/Dockerfile)", error.Message);
    }

    [Fact]
    public void Not_a_repository_and_no_remote_are_clear_errors()
    {
        using var plain = new TempDirectory();
        var clone = _remote.Clone();
        Git(clone, "remote", "remove", "origin");

        var notRepository = Assert.Throws<PublishException>(() => Publisher(plain.Path).Publish(Options()));
        var noRemote = Assert.Throws<PublishException>(() => Publisher(clone).Publish(Options()));

        Assert.Contains($"{plain.Path}: not a git repository", notRepository.Message);
        Assert.Contains("no git remote 'origin'", noRemote.Message);
    }

    [Fact]
    public async Task An_authentication_failure_shows_git_message_without_credentials()
    {
        using var server = new RefusingGitServer();
        var clone = _remote.Clone();
        Git(clone, "remote", "set-url", "origin", $"{server.Url.Replace("http://", "http://ci-bot:s3cret-token@")}team/images.git");
        TestManifest.Write(clone);

        var error = Assert.Throws<PublishException>(() => Publisher(clone).Publish(Options()));

        Assert.Contains($"Fetching origin ({server.Url.Replace("http://", "http://***@")}team/images.git) branch main failed; nothing was published.", error.Message);
        Assert.Contains("Authentication failed", error.Message);
        Assert.DoesNotContain("s3cret", error.Message);
        Assert.True(await server.SawCredentials(), "git never offered the credentials, so the redaction was not tested");
    }

    [Fact]
    public async Task A_remote_that_never_answers_fails_the_fetch_within_the_timeout()
    {
        using var silent = new SilentServer();
        var clone = _remote.Clone();
        MergeImage(clone, "alpha", "FROM busybox:1.37\n");
        TestManifest.Write(clone);
        Git(clone, "remote", "set-url", "origin", silent.GitUrl);
        var before = _remote.Head();

        // The bound of the test itself only keeps a regression from hanging the suite.
        var error = await Task.Run(() => Assert.Throws<PublishException>(
            () => Publisher(clone).Publish(Options() with { NetworkTimeout = TimeSpan.FromSeconds(2) }))).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Contains($"Fetching origin ({silent.GitUrl}) branch main failed; nothing was published.", error.Message);
        Assert.Contains("git fetch did not finish within 2 s and was stopped: the remote does not answer", error.Message);
        Assert.Equal(before, _remote.Head());
    }

    [Fact]
    public async Task A_push_that_never_answers_is_stopped_and_the_change_stays_in_the_working_tree()
    {
        using var silent = new SilentServer();
        var clone = _remote.Clone();
        MergeImage(clone, "alpha", "FROM busybox:1.37\n");
        TestManifest.Write(clone);
        Git(clone, "config", "remote.origin.pushurl", silent.GitUrl);
        var before = _remote.Head();
        var head = Git(clone, "rev-parse", "HEAD");

        var error = await Task.Run(() => Assert.Throws<PublishException>(
            () => Publisher(clone).Publish(Options() with { NetworkTimeout = TimeSpan.FromSeconds(2) }))).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Contains("git push did not finish within 2 s and was stopped", error.Message);
        Assert.Equal(before, _remote.Head());
        Assert.Equal(head, Git(clone, "rev-parse", "HEAD"));
        Assert.Equal("M deploy/manifest.yaml", Git(clone, "status", "--porcelain"));
    }

    [Fact]
    public void Commits_without_common_history_are_named_not_an_empty_git_error()
    {
        var clone = _remote.Clone();
        Git(clone, "checkout", "--quiet", "--orphan", "unrelated");
        Git(clone, "commit", "--quiet", "-m", "Unrelated root");

        var error = Assert.Throws<PublishException>(() => Repository(clone).MergeBase("main", "unrelated"));

        Assert.Contains("main and unrelated share no history", error.Message);
        Assert.DoesNotContain("(exit code 1): \n", error.Message + "\n");
    }

    /// <summary>An HTTP git remote on 127.0.0.1 that turns every request down with 401, like a host given a wrong token.</summary>
    private sealed class RefusingGitServer : IDisposable
    {
        private readonly System.Net.HttpListener _listener = new();
        private readonly TaskCompletionSource<bool> _credentials = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RefusingGitServer()
        {
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(Serve);
        }

        public string Url { get; }

        public async Task<bool> SawCredentials() =>
            await Task.WhenAny(_credentials.Task, Task.Delay(TimeSpan.FromSeconds(5))) == _credentials.Task;

        public void Dispose() => _listener.Close();

        private async Task Serve()
        {
            while (_listener.IsListening)
            {
                System.Net.HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is System.Net.HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                if (context.Request.Headers["Authorization"] is not null)
                {
                    _credentials.TrySetResult(true);
                }

                context.Response.StatusCode = 401;
                context.Response.AddHeader("WWW-Authenticate", "Basic realm=\"git\"");
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            socket.Start();
            var port = ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
            socket.Stop();
            return port;
        }
    }

    private sealed class FailingRegenerator : IManifestRegenerator
    {
        public const string Message = "The generator is broken.";

        public void Regenerate() => throw new PublishException(Message);
    }

    private static IReadOnlyDictionary<string, string> Snapshot(string clone) =>
        Directory.EnumerateFiles(clone, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}.git{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToDictionary(f => f, File.ReadAllText);
}
