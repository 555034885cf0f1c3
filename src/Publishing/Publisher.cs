using KanikoImages.Manifests;
using KanikoImages.Manifests.Output;

namespace KanikoImages.Publishing;

/// <summary>
/// Commits deploy/ and pushes it to the branch Argo CD watches: one commit touching only deploy/, after the
/// validation gate passed; a push rejected because the remote moved on is rebased (deploy/ regenerated where
/// needed, never hand-merged), re-validated and retried with a growing delay. Never forced.
/// </summary>
public sealed class Publisher(IGitRepository git, IPublishGate gate, IManifestRegenerator regenerator, Action<string> log)
{
    private const string Deploy = PublishOptions.DeployFolder;

    /// <summary>Folders and files deploy/ is generated from: uncommitted changes there would publish a manifest of nothing in git.</summary>
    private static readonly string[] Sources = ["images", "images.yaml"];

    public PublishResult Publish(PublishOptions options)
    {
        var top = git.TopLevel();
        var target = Target(options, top);
        RequireCommittedSources();
        Validate();
        if (Plan(top) is not { } plan)
        {
            return new PublishResult(PublishOutcome.NothingToPublish, target.ToString());
        }

        return options.DryRun
            ? new PublishResult(PublishOutcome.WouldPublish, target.ToString(), plan.Message, plan.Files)
            : CommitAndPush(options, target, top, plan);
    }

    private PushTarget Target(PublishOptions options, string top)
    {
        var url = git.RemoteUrl(options.Remote) ?? throw new PublishException(
            $"{top}: no git remote '{options.Remote}' to publish to. Add it (git remote add {options.Remote} <url>) or name another with --git-remote.");
        var branch = options.Branch ?? git.CurrentBranch() ?? throw new PublishException(
            $"{top}: HEAD is detached (as in CI checkouts) and no branch to publish to is configured: set --git-branch (or KANIKO_GIT_BRANCH).");
        return new PushTarget(options.Remote, GitText.Redact(url), branch);
    }

    private void RequireCommittedSources()
    {
        var dirty = Sources.SelectMany(git.Status).ToList();
        if (dirty.Count > 0)
        {
            throw new PublishException(
                $"Uncommitted changes in what deploy/ is generated from ({string.Join(", ", dirty)}): commit them first, or the published manifest would describe images that are not in git. Nothing was published.");
        }
    }

    private void Validate()
    {
        var errors = gate.Check();
        if (errors.Count > 0)
        {
            throw new PublishException($"deploy/ did not pass validation; nothing was published:\n  {string.Join("\n  ", errors)}");
        }
    }

    /// <summary>The commit deploy/'s changes against HEAD call for, or null when there are none.</summary>
    private CommitPlan? Plan(string top)
    {
        var files = git.Status(Deploy);
        if (files.Count == 0)
        {
            return null;
        }

        var committed = git.RevParse("HEAD") is null ? null : git.ReadFile("HEAD", ManifestConventions.ManifestPath);
        var manifest = Path.Combine(top, ManifestConventions.ManifestPath);
        using var before = committed is null ? null : new StringReader(committed);
        using var after = File.Exists(manifest) ? File.OpenText(manifest) : null;
        return new CommitPlan(CommitMessage.For(JobChanges.Compare(before, after)), files);
    }

    private PublishResult CommitAndPush(PublishOptions options, PushTarget target, string top, CommitPlan plan)
    {
        string? ours = Commit(options, plan);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var push = git.Push(target.Remote, target.Branch);
                switch (push.Status)
                {
                    case PushStatus.Pushed:
                        return new PublishResult(PublishOutcome.Published, target.ToString(), plan.Message, plan.Files, ours, attempt);
                    case PushStatus.Declined:
                        throw new PublishException(
                            $"{target}: the remote declined the push (a protected branch or a pre-receive hook); nothing was published. git said:\n{push.Message}");
                    case PushStatus.Failed:
                        throw new PublishException($"Pushing to {target} failed; nothing was published. git said:\n{push.Message}");
                }

                if (attempt >= options.PushAttempts)
                {
                    throw new PublishException(
                        $"{target}: the branch kept moving; gave up after {attempt} pushes. Nothing was published. git said:\n{push.Message}");
                }

                var delay = options.RetryDelay * Math.Pow(2, attempt - 1);
                log($"{target.Branch} moved on the remote (push {attempt} of {options.PushAttempts}); rebasing onto it after {delay.TotalSeconds:0.###} s.");
                Thread.Sleep(delay);
                CatchUp(target, ours, options.Committer);
                ours = null;
                if (Plan(top) is not { } next)
                {
                    return new PublishResult(PublishOutcome.NothingToPublish, target.ToString(), Attempts: attempt);
                }

                plan = next;
                ours = Commit(options, plan);
            }
        }
        catch
        {
            // Nothing reached the remote: put the manifest change back in the working tree, uncommitted, so the
            // next run sees it again instead of "nothing to publish".
            if (ours is not null && git.RevParse("HEAD") == ours)
            {
                git.Uncommit(Deploy);
            }

            throw;
        }
    }

    /// <summary>Commits deploy/ alone and checks the commit holds nothing else.</summary>
    private string Commit(PublishOptions options, CommitPlan plan)
    {
        git.Add(Deploy);
        var commit = git.Commit(Deploy, plan.Message, options.Author, options.Committer);
        var outside = git.CommitPaths(commit).Where(path => !InDeploy(path)).ToList();
        if (outside.Count > 0)
        {
            git.Uncommit(Deploy);
            throw new PublishException(
                $"The manifest commit would also change {string.Join(", ", outside)}; only deploy/ may be published. Nothing was published.");
        }

        return commit;
    }

    /// <summary>
    /// Brings the local branch onto the remote's head: rebase, regenerate deploy/ when what it is made of
    /// changed upstream (or it conflicted), validate again; the manifest commit is taken back so the next
    /// commit is planned against the new base.
    /// </summary>
    private void CatchUp(PushTarget target, string ours, GitIdentity committer)
    {
        var upstream = git.Fetch(target.Remote, target.Branch);
        var upstreamPaths = git.ChangedPaths(git.MergeBase(ours, upstream), upstream);
        var message = git.CommitMessage(ours);
        var regenerated = Rebase(target, upstream, committer);
        if (git.RevParse("HEAD") is { } head && head != upstream && IsManifestCommit(head, message))
        {
            git.Uncommit(Deploy);
        }

        if (!regenerated && upstreamPaths.Any(path => !InDeploy(path)))
        {
            log($"{target.Branch} changed upstream outside deploy/; regenerating deploy/.");
            regenerator.Regenerate();
        }

        Validate();
    }

    /// <summary>Rebases onto <paramref name="upstream"/>; returns whether deploy/ was regenerated to resolve conflicts.</summary>
    private bool Rebase(PushTarget target, string upstream, GitIdentity committer)
    {
        var regenerated = false;
        try
        {
            for (var result = git.Rebase(upstream, committer); !result.Completed; result = git.ContinueRebase(committer))
            {
                var outside = result.Conflicts.Where(path => !InDeploy(path)).ToList();
                if (outside.Count > 0)
                {
                    throw new PublishException(
                        $"Rebasing onto {target} conflicts outside deploy/ ({string.Join(", ", outside)}): resolve it by hand (git pull --rebase) and publish again. Nothing was published; the working tree is as it was.");
                }

                log($"deploy/ conflicts with {target.Branch} ({string.Join(", ", result.Conflicts)}); regenerating it on top of upstream.");
                regenerator.Regenerate();
                git.Add(Deploy);
                regenerated = true;
            }
        }
        catch
        {
            // Whatever stopped it, the working tree goes back to how it was before the rebase.
            git.AbortRebase();
            throw;
        }

        return regenerated;
    }

    private bool IsManifestCommit(string commit, string message) =>
        git.CommitMessage(commit) == message && git.CommitPaths(commit).All(InDeploy);

    private static bool InDeploy(string path) => path.StartsWith(Deploy + "/", StringComparison.Ordinal);

    private sealed record CommitPlan(string Message, IReadOnlyList<string> Files);
}
