using Cake.Core.Diagnostics;
using Cake.Frosting;
using KanikoImages.Build.Tools.Kubeconform;
using KanikoImages.Manifests;
using KanikoImages.Validation;
using KanikoImages.Validation.Kubeconform;
using KanikoImages.Validation.Reporting;

namespace KanikoImages.Build.Tasks;

[TaskName("Validate")]
[TaskDescription("Validate deploy/: kubeconform, JSON schemas and cross-resource rules")]
[IsDependentOn(typeof(GenerateManifestsTask))]
public sealed class ValidateTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        if (context.KubeconformDownload)
        {
            InstallKubeconform(context);
        }

        if (context.DryRun && !File.Exists(context.InRepository(ManifestConventions.ManifestPath)))
        {
            context.Log.Information("Would validate {0} once generated (--dryrun wrote none).", ManifestConventions.ManifestPath);
            return;
        }

        var result = ManifestValidator.ValidateRepository(context.RepositoryRoot, context.ValidationOptions, context.Catalog, context.Kubeconform);
        context.Log.Information("{0}", context.ValidationOutput == "json" ? ValidationReport.Json(result) : ValidationReport.Text(result).TrimEnd());
        if (context.JUnitFile is { } junit)
        {
            if (context.DryRun)
            {
                context.Log.Information("Would write the JUnit report to {0} (--dryrun).", junit);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(junit)!);
                File.WriteAllText(junit, ValidationReport.JUnit(result));
            }
        }

        if (result.Failed)
        {
            var s = result.Summary;
            throw new ValidationInputException(
                $"Validation failed: {s.Invalid} invalid, {s.Errors} error(s) in {s.Documents} document(s), {result.Findings.Count(f => f.Status >= ResourceStatus.Invalid)} finding(s).");
        }
    }

    private static void InstallKubeconform(BuildContext context)
    {
        var target = context.KubeconformInstallPath;
        if (File.Exists(target))
        {
            context.Log.Information("kubeconform {0}: already installed at {1}", KubeconformRelease.Version, target);
            return;
        }

        var release = KubeconformRelease.ForThisMachine()
            ?? throw new ValidationInputException($"kubeconform {KubeconformRelease.Version} has no release archive for this OS/architecture.");
        var url = context.KubeconformDownloadUrl.TrimEnd('/') + "/" + release.Asset;
        if (context.DryRun)
        {
            context.Log.Information("Would download {0}, check its sha256 {1} and install it at {2} (--dryrun).", url, release.Sha256, target);
            return;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        VerifiedDownload.Install(http, url, release.Sha256, KubeconformRelease.Executable, target);
        context.Log.Information("kubeconform {0}: installed at {1} (sha256 verified)", KubeconformRelease.Version, target);
    }
}
