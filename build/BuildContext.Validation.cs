using Cake.Common;
using Cake.Core;
using Cake.Core.IO;
using KanikoImages.Build.Tools.Kubeconform;
using KanikoImages.Manifests.Output;
using KanikoImages.Validation;
using KanikoImages.Validation.Kubeconform;
using KanikoImages.Validation.Schemas;

namespace KanikoImages.Build;

/// <summary>The Validate stage's parameters (also used by Publish, which validates before it pushes).</summary>
public sealed partial class BuildContext
{
    /// <summary>How deploy/ is validated: --schema-location (repeatable), --kubernetes-version, --strict, --ignore-missing-schemas, --require-kubeconform.</summary>
    public ValidationOptions ValidationOptions => new()
    {
        SchemaLocations = Arguments.GetArguments("schema-location") is { Count: > 0 } locations
            ? locations.Select(l => l is SchemaLocation.Default or SchemaLocation.TypedModel || SchemaLocation.IsRemote(l) ? l : InRepository(l)).ToList()
            : new ValidationOptions().SchemaLocations,
        KubernetesVersion = Catalog.Settings.KubernetesVersion,
        Strict = this.Argument("strict", true),
        IgnoreMissingSchemas = this.Argument("ignore-missing-schemas", false),
        RequireKubeconform = this.Argument("require-kubeconform", false),
        // --dryrun writes nothing, not even the schema cache.
        SchemaCacheDirectory = DryRun ? null : InRepository(".tools/schemas-cache"),
        BaseDirectory = RepositoryRoot,
    };

    /// <summary>The <see cref="DeployFolder.Digest"/> of the deploy/ that passed the Validate task in this run.</summary>
    public string? ValidatedDeploy { get; set; }

    /// <summary>
    /// Validates deploy/ (under --dryrun: what GenerateManifests would write) and proves it is what GenerateManifests
    /// produces from this commit: the check the Validate task and Publish's gate share.
    /// </summary>
    public ValidationResult ValidateDeploy() =>
        ManifestValidator.ValidateRepository(DeployRoot, ValidationOptions, Catalog, Kubeconform, Generated, SourceRevisions.SameSourcesAt);

    /// <summary>--output json (or --json, as for HashImages): the report as a JSON document instead of text.</summary>
    public bool ValidationJson => Json || this.Argument("output", "text").Equals("json", StringComparison.OrdinalIgnoreCase);

    /// <summary>GitHub Actions sets GITHUB_ACTIONS=true: there Validate also prints its findings as workflow annotations.</summary>
    public bool GitHubActions => System.Environment.GetEnvironmentVariable("GITHUB_ACTIONS") is { } value &&
                                 value.Equals("true", StringComparison.OrdinalIgnoreCase);

    /// <summary>--junit FILE: also write the result as JUnit XML.</summary>
    public string? JUnitFile => this.HasArgument("junit") ? InRepository(this.Argument<string>("junit")) : null;

    /// <summary>--kubeconform-download: install the pinned kubeconform release into .tools/ before validating.</summary>
    public bool KubeconformDownload => this.Argument("kubeconform-download", false);

    /// <summary>--kubeconform-download-url: where the release archives are (a mirror); the pinned checksums still apply.</summary>
    public string KubeconformDownloadUrl => this.Argument("kubeconform-download-url", KubeconformRelease.DefaultBaseUrl);

    /// <summary>Where --kubeconform-download puts the binary (looked at before PATH).</summary>
    public string KubeconformInstallPath =>
        InRepository($".tools/kubeconform/{KubeconformRelease.Version}/{KubeconformRelease.Executable}");

    /// <summary>The kubeconform CLI: --kubeconform-path, else a downloaded one in .tools/, else PATH.</summary>
    public IKubeconform Kubeconform
    {
        get
        {
            var path = this.HasArgument("kubeconform-path") ? InRepository(this.Argument<string>("kubeconform-path"))
                : File.Exists(KubeconformInstallPath) ? KubeconformInstallPath
                : null;
            var settings = new KubeconformSettings { ToolPath = path is null ? null : new FilePath(path) };
            return new KubeconformRunner(FileSystem, Environment, ProcessRunner, Tools, settings);
        }
    }
}
