using Cake.Core.Diagnostics;
using Cake.Frosting;
using KanikoImages.Manifests;
using KanikoImages.Publishing;
using KanikoImages.Validation;
using KanikoImages.Validation.Reporting;

namespace KanikoImages.Build.Tasks;

[TaskName("Publish")]
[TaskDescription("Commit and push deploy/ to the branch Argo CD watches")]
[IsDependentOn(typeof(ValidateTask))]
public sealed class PublishTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var publisher = new Publisher(
            context.GitRepository,
            new ManifestGate(context),
            new Regenerator(context),
            message => context.Log.Information("{0}", message));
        var result = publisher.Publish(context.ReadPublishOptions());
        switch (result.Outcome)
        {
            case PublishOutcome.NothingToPublish:
                context.Log.Information("Nothing to publish: deploy/ has no change against {0}.", result.Target);
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
    /// deploy/ (schemas, kubeconform when present, project rules with the stale-manifest check) against the
    /// catalog as it is on disk now. Only its first check, before any rebase, trusts the Validate task of this
    /// run when deploy/ is byte for byte what that task passed: validating 10,000 Jobs twice in a row took seconds.
    /// </summary>
    private sealed class ManifestGate(BuildContext context) : IPublishGate
    {
        private bool _checked;

        public IReadOnlyList<string> Check()
        {
            var first = !_checked;
            _checked = true;
            if (!File.Exists(context.InRepository(ManifestConventions.ManifestPath)))
            {
                return [$"{ManifestConventions.ManifestPath}: missing; run GenerateManifests first."];
            }

            if (first && context.ValidatedDeploy is { } validated && validated == context.DeployDigest())
            {
                context.Log.Information("deploy/ passed Validate in this run and has not changed since: not validated again.");
                return [];
            }

            context.ReloadCatalog();
            var catalog = context.Catalog;
            var result = context.Progress.Track(progress =>
                ManifestValidator.ValidateRepository(context.RepositoryRoot, context.ValidationOptions, catalog, context.Kubeconform, progress));
            return result.Failed ? [ValidationReport.Text(result).TrimEnd()] : [];
        }
    }

    /// <summary>After a rebase onto a moved upstream: GenerateManifests again from the new head's images/.</summary>
    private sealed class Regenerator(BuildContext context) : IManifestRegenerator
    {
        public void Regenerate()
        {
            context.ReloadCatalog();
            new GenerateManifestsTask().Run(context);
        }
    }
}
