using Cake.Core.Diagnostics;
using Cake.Frosting;
using KanikoImages.Manifests;
using KanikoImages.Manifests.Output;
using KanikoImages.Publishing;
using KanikoImages.Validation.Reporting;

namespace KanikoImages.Build.Tasks;

[TaskName("Publish")]
[TaskDescription("Commit and push deploy/ to the branch Argo CD watches")]
[IsDependentOn(typeof(ValidateTask))]
public sealed class PublishTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        // Before the options, which read git.branch from the catalog: "not a git repository" comes first.
        var git = context.GitRepository;
        git.TopLevel();
        var publisher = new Publisher(
            git,
            new ManifestGate(context),
            new Regenerator(context),
            message => context.Log.Information("{0}", message));
        var result = publisher.Publish(context.ReadPublishOptions());
        switch (result.Outcome)
        {
            case PublishOutcome.NothingToPublish:
                context.Log.Information("Nothing to publish: {0} already holds deploy/ as generated.", result.Target);
                break;
            case PublishOutcome.WouldPublish:
                context.Log.Information(
                    "Dry run, nothing changed. Would commit:\n{0}\nFiles:\n  {1}\nand push to {2}.",
                    result.Message,
                    string.Join("\n  ", result.Files),
                    result.Target);
                break;
            case PublishOutcome.Published:
                context.Log.Information(
                    "Published {0} to {1} (push {2}):\n{3}",
                    result.Commit,
                    result.Target,
                    result.Attempts,
                    result.Message);
                break;
        }
    }

    /// <summary>
    /// The gate Publish runs itself, also with --exclusive and again after a rebase: the full validation of
    /// deploy/ (schemas, kubeconform when present, project rules) and the proof that it is exactly what
    /// GenerateManifests produces from the commit as it is now. Only its first check, before any rebase, trusts
    /// the Validate task of this run when deploy/ is byte for byte what that task passed: validating 10,000 Jobs
    /// twice in a row took seconds.
    /// </summary>
    private sealed class ManifestGate(BuildContext context) : IPublishGate
    {
        private bool _checked;

        public IReadOnlyList<string> Check()
        {
            var first = !_checked;
            _checked = true;
            if (first && context.ValidatedDeploy is { } validated && validated == DeployFolder.Digest(context.DeployRoot))
            {
                context.Log.Information("deploy/ passed Validate in this run and has not changed since: not validated again.");
                return [];
            }

            context.ReloadCatalog();
            if (!File.Exists(Path.Combine(context.DeployRoot, ManifestConventions.ManifestPath)))
            {
                return [$"{ManifestConventions.ManifestPath}: missing; run GenerateManifests first."];
            }

            var result = context.ValidateDeploy();
            return result.Failed ? [ValidationReport.Text(result).TrimEnd()] : [];
        }

        public string SourceOf(string path) => Path.Combine(context.DeployRoot, path);
    }

    /// <summary>After a rebase onto a moved upstream: the GenerateManifests step again, from the new head's images/.</summary>
    private sealed class Regenerator(BuildContext context) : IManifestRegenerator
    {
        public void Regenerate()
        {
            context.ReloadCatalog();
            GenerateManifestsTask.WriteDeploy(context);
        }
    }
}
