using KanikoImages.Manifests;
using KanikoImages.Manifests.Output;

namespace KanikoImages.Publishing;

/// <summary>
/// Commits deploy/ and pushes it to git.branch, the branch Argo CD watches: exactly one commit, touching only
/// the generated files, on top of the remote's head, after the validation gate passed. A push rejected because
/// the remote moved on is rebased (deploy/ regenerated where needed, never hand-merged), re-validated and
/// retried with a growing delay. Never forced; every fetch and push is bounded in time.
/// </summary>
public sealed class Publisher(IGitRepository git, IPublishGate gate, IManifestRegenerator regenerator, Action<string> log)
{
    private const string Deploy = ManifestConventions.DeployFolder;

    /// <summary>The files a manifest commit may touch, staged by name: nothing else under deploy/ is ever committed.</summary>
    private static readonly IReadOnlyList<string> Generated = ManifestConventions.GeneratedPaths;

    /// <summary>Folders and files deploy/ is generated from: uncommitted changes there would publish a manifest of nothing in git.</summary>
    private static readonly string[] Sources = ["images", "images.yaml"];

    public PublishResult Publish(PublishOptions options)
    {
        var top = git.TopLevel();
        var target = Target(options, top);
        RequireCommittedSources();
        var upstream = Fetch(target, options);
        RequireOnlyOwnCommits(target, upstream, options.DryRun);
        Validate(top);
        if (Plan(upstream) is not { } plan)
        {
            return new PublishResult(PublishOutcome.NothingToPublish, target.ToString());
        }

        return options.DryRun
            ? new PublishResult(PublishOutcome.WouldPublish, target.ToString(), plan.Message, plan.Files)
            : CommitAndPush(options, target, top, upstream, plan);
    }

    private PushTarget Target(PublishOptions options, string top)
    {
        var url = git.RemoteUrl(options.Remote) ?? throw new PublishException(
            $"{top}: no git remote '{options.Remote}' to publish to. Add it (git remote add {options.Remote} <url>) or name another with --git-remote.");
        if (git.CurrentBranch() is { } current && current != options.Branch)
        {
            throw new PublishException(
                $"{top}: the checked-out branch is '{current}', but git.branch (the branch Argo CD watches and Publish pushes to) is " +
                $"'{options.Branch}'. Publish from '{options.Branch}' (git checkout {options.Branch}), or change git.branch. Nothing was published.");
        }

        return new PushTarget(options.Remote, GitText.Redact(url), options.Branch);
    }

    private string Fetch(PushTarget target, PublishOptions options)
    {
        try
        {
            return git.Fetch(target.Remote, target.Branch, options.NetworkTimeout);
        }
        catch (PublishException e)
        {
            throw new PublishException($"Fetching {target} failed; nothing was published. {e.Message}");
        }
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

    /// <summary>
    /// Publish pushes HEAD, so HEAD must hold nothing the remote lacks but its own commit: any other local commit
    /// would be published with it. A deploy commit of an earlier run that was killed before its push is taken
    /// back into the working tree and replaced by this run's (validated) one.
    /// </summary>
    private void RequireOnlyOwnCommits(PushTarget target, string upstream, bool dryRun)
    {
        var local = git.CommitsNotIn(upstream);
        if (local is [var leftover] && IsManifestCommit(leftover.Id))
        {
            log(dryRun
                ? $"HEAD is a deploy commit that an earlier Publish never pushed ({leftover}); publishing would replace it."
                : $"HEAD is a deploy commit that an earlier Publish never pushed ({leftover}); replacing it.");
            if (!dryRun)
            {
                git.Uncommit(Generated);
            }

            return;
        }

        if (local.Count > 0)
        {
            throw new PublishException(
                $"HEAD has {local.Count} commit(s) that are not on {target}:\n  {string.Join("\n  ", local)}\n" +
                "Publish pushes exactly one commit, its own deploy/ commit: push these first (or drop them), then publish. Nothing was published.");
        }
    }

    private void Validate(string top)
    {
        var errors = DeployFolder.ForeignEntries(top, Generated).Concat(gate.Check()).ToList();
        if (errors.Count > 0)
        {
            throw new PublishException($"deploy/ did not pass validation; nothing was published:\n  {string.Join("\n  ", errors)}");
        }
    }

    /// <summary>
    /// The commit publishing calls for: the generated files whose content differs from what the remote branch
    /// holds; null when it already holds deploy/ as generated (the only case that is "nothing to publish").
    /// </summary>
    private CommitPlan? Plan(string upstream)
    {
        var files = Generated.Where(path => git.WorkingBlob(path, gate.SourceOf(path)) != git.Blob(upstream, path)).ToList();
        if (files.Count == 0)
        {
            return null;
        }

        var committed = git.ReadFile(upstream, ManifestConventions.ManifestPath);
        var manifest = gate.SourceOf(ManifestConventions.ManifestPath);
        using var before = committed is null ? null : new StringReader(committed);
        using var after = File.Exists(manifest) ? File.OpenText(manifest) : null;
        return new CommitPlan(CommitMessage.For(JobChanges.Compare(before, after)), files);
    }

    private PublishResult CommitAndPush(PublishOptions options, PushTarget target, string top, string upstream, CommitPlan plan)
    {
        string? ours = null;
        try
        {
            if (git.Status(Deploy).Intersect(plan.Files).Any())
            {
                ours = Commit(options, plan);
            }
            else
            {
                // HEAD already holds this deploy/ and only the remote is ahead of it: catch up before committing.
                upstream = CatchUp(target, ours, options);
                if (Plan(upstream) is not { } caughtUp)
                {
                    return new PublishResult(PublishOutcome.NothingToPublish, target.ToString());
                }

                plan = caughtUp;
                ours = Commit(options, plan);
            }

            for (var attempt = 1; ; attempt++)
            {
                var push = git.Push(target.Remote, target.Branch, options.NetworkTimeout);
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
                upstream = CatchUp(target, ours, options);
                ours = null;
                if (Plan(upstream) is not { } next)
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
            // next run sees it again.
            if (ours is not null && git.RevParse("HEAD") == ours)
            {
                git.Uncommit(Generated);
            }

            throw;
        }
    }

    /// <summary>Commits the planned files alone, staged by name, and checks the commit holds nothing else.</summary>
    private string Commit(PublishOptions options, CommitPlan plan)
    {
        git.Add(plan.Files);
        var commit = git.Commit(plan.Files, plan.Message, options.Author, options.Committer);
        var outside = git.CommitPaths(commit).Where(path => !Generated.Contains(path)).ToList();
        if (outside.Count > 0)
        {
            git.Uncommit(Generated);
            throw new PublishException(
                $"The manifest commit would also change {string.Join(", ", outside)}; only the generated files may be published. Nothing was published.");
        }

        return commit;
    }

    /// <summary>
    /// Brings the local branch onto the remote's head: rebase, regenerate deploy/ when what it is made of
    /// changed upstream (or it conflicted), validate again; the manifest commit is taken back so the next
    /// commit is planned against the new base. Returns the remote's head.
    /// </summary>
    private string CatchUp(PushTarget target, string? ours, PublishOptions options)
    {
        var upstream = Fetch(target, options);
        var upstreamPaths = git.ChangedPaths(git.MergeBase(ours ?? "HEAD", upstream), upstream);
        var regenerated = Rebase(target, upstream, options.Committer);
        if (ours is not null && git.RevParse("HEAD") is { } head && head != upstream && IsManifestCommit(head))
        {
            git.Uncommit(Generated);
        }

        if (!regenerated && upstreamPaths.Any(path => !InDeploy(path)))
        {
            log($"{target.Branch} changed upstream outside deploy/; regenerating deploy/.");
            regenerator.Regenerate();
        }

        Validate(git.TopLevel());
        return upstream;
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
                git.Add(Generated.Where(path => File.Exists(gate.SourceOf(path)) || result.Conflicts.Contains(path)).ToList());
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

    /// <summary>A commit Publish made: its message says so and it touches only the generated files.</summary>
    private bool IsManifestCommit(string commit) =>
        CommitMessage.IsPublishMessage(git.CommitMessage(commit)) && git.CommitPaths(commit).All(Generated.Contains);

    private static bool InDeploy(string path) => path.StartsWith(Deploy + "/", StringComparison.Ordinal);

    private sealed record CommitPlan(string Message, IReadOnlyList<string> Files);
}
