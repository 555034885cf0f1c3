using Cake.Core.Diagnostics;
using Cake.Frosting;
using KanikoImages.Build.Host;
using KanikoImages.Build.Tools.Kubeconform;
using KanikoImages.Manifests.Output;
using KanikoImages.Validation;
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
            context.Log.Information("{0}", KubeconformInstaller.Install(context.KubeconformInstallPath, context.KubeconformDownloadUrl, context.DryRun));
        }

        if (context.DryRun)
        {
            context.Log.Information("Validating what GenerateManifests would write (--dryrun wrote nothing).");
        }

        var result = context.ValidateDeploy();
        if (context.ReportsJson(this))
        {
            // The host sends the log to stderr under --output json: stdout carries the document alone.
            Console.Out.WriteLine(ValidationReport.Json(result));
        }
        else if (context.GitHubActions)
        {
            // The report quotes manifest content: no line of it may run as a workflow command.
            var (stop, resume) = ValidationReport.GitHubCommandPause();
            Console.Out.WriteLine(stop);
            context.Log.Information("{0}", ValidationReport.Text(result).TrimEnd());
            Console.Out.WriteLine(resume);
        }
        else
        {
            context.Log.Information("{0}", ValidationReport.Text(result).TrimEnd());
        }

        if (context.GitHubActions)
        {
            // The runner reads workflow commands from the step's output; under --output json stdout is the document alone.
            (context.Output == OutputFormat.Json ? Console.Error : Console.Out).Write(ValidationReport.GitHubAnnotations(result));
        }

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
            throw new ValidationFailedException(result);
        }

        context.ValidatedDeploy = DeployFolder.Digest(context.DeployRoot);
    }
}
