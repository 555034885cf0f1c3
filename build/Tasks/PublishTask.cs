using Cake.Core.Diagnostics;
using Cake.Frosting;
using KanikoImages.Manifests;
using KanikoImages.Publishing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

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
            new NoRegenerator(),
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

    /// <summary>The gate Publish runs itself (also with --exclusive): deploy/manifest.yaml exists and is YAML.</summary>
    private sealed class ManifestGate(BuildContext context) : IPublishGate
    {
        public IReadOnlyList<string> Check()
        {
            var path = context.InRepository(ManifestConventions.ManifestPath);
            if (!File.Exists(path))
            {
                return [$"{ManifestConventions.ManifestPath}: missing; run GenerateManifests first."];
            }

            try
            {
                using var reader = File.OpenText(path);
                new YamlStream().Load(reader);
                return [];
            }
            catch (YamlException e)
            {
                return [$"{ManifestConventions.ManifestPath}: not valid YAML at line {e.Start.Line}: {e.Message}"];
            }
        }
    }

    /// <summary>Refuses to publish when deploy/ would have to be regenerated from upstream's images/.</summary>
    private sealed class NoRegenerator : IManifestRegenerator
    {
        public void Regenerate() =>
            throw new PublishException(
                "The branch changed upstream in what deploy/ is generated from; run the pipeline again on the new head. Nothing was published.");
    }
}
