using Cake.Core.Diagnostics;
using Cake.Frosting;
using KanikoImages.Manifests;
using KanikoImages.Manifests.Output;

namespace KanikoImages.Build.Tasks;

[TaskName("GenerateManifests")]
[TaskDescription("Write deploy/manifest.yaml: one kaniko build Job per image")]
[IsDependentOn(typeof(HashImagesTask))]
public sealed class GenerateManifestsTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context) => WriteDeploy(context);

    /// <summary>The step itself, shared with Publish, which regenerates deploy/ after a rebase onto a moved upstream.</summary>
    public static void WriteDeploy(BuildContext context)
    {
        var result = context.Generated;
        foreach (var warning in result.Warnings)
        {
            context.Log.Warning("{0}", warning);
        }

        var manifest = context.InRepository(ManifestConventions.ManifestPath);
        IReadOnlyList<JobChange> changes;
        using (var previous = File.Exists(manifest) ? File.OpenText(manifest) : null)
        {
            changes = JobChanges.Compare(previous, result.Images.Select(i => i.JobDocument));
        }

        var modes = string.Join(", ", result.Images.GroupBy(i => i.Mode).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));
        context.Log.Information("{0} images ({1}), {2} Job changes", result.Images.Count, modes.Length > 0 ? modes : "none", changes.Count);
        foreach (var change in changes)
        {
            context.Log.Information("  {0}", Describe(change));
        }

        Write(context, ManifestConventions.ManifestPath, result.Manifest);
        if (result.Application is not null)
        {
            Write(context, ManifestConventions.ApplicationPath, result.Application);
        }
    }

    private static void Write(BuildContext context, string relativePath, GeneratedFile content)
    {
        var outcome = AtomicFile.Write(context.InRepository(relativePath), content, context.DryRun);
        var verb = (outcome, context.DryRun) switch
        {
            (WriteOutcome.Unchanged, _) => "unchanged",
            (WriteOutcome.Created, true) => "would be created (dry run: nothing written)",
            (WriteOutcome.Updated, true) => "would be updated (dry run: nothing written)",
            (WriteOutcome.Created, false) => "created",
            _ => "updated",
        };
        context.Log.Information("{0}: {1}", relativePath, verb);
    }

    private static string Describe(JobChange change) => change.Kind switch
    {
        JobChangeKind.Added => $"+ {change.Image}: added ({change.NewJob})",
        JobChangeKind.Removed => $"- {change.Image}: removed ({change.OldJob}; Argo CD prunes it)",
        JobChangeKind.Rebuilt => $"~ {change.Image}: content changed ({change.OldJob} -> {change.NewJob})",
        _ => $"~ {change.Image}: template changed ({change.NewJob}; Argo CD replaces it, the guard skips the build)",
    };
}
