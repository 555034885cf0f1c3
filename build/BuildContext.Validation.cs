using KanikoImages.Build.Host;
using KanikoImages.Build.Tools.Kubeconform;
using KanikoImages.Images.Caching;
using KanikoImages.Manifests.Output;
using KanikoImages.Validation;
using KanikoImages.Validation.Kubeconform;
using KanikoImages.Validation.Schemas;

namespace KanikoImages.Build;

/// <summary>The Validate stage's parameters (also used by Publish, which validates before it pushes).</summary>
public sealed partial class BuildContext
{
    private IReadOnlyList<string> _schemaLocations = [];
    private bool _strict;
    private bool _ignoreMissingSchemas;
    private bool _requireKubeconform;
    private string? _kubeconformPath;

    /// <summary>How deploy/ is validated: --schema-location (repeatable), --kubernetes-version, --strict, --ignore-missing-schemas, --require-kubeconform.</summary>
    public ValidationOptions ValidationOptions => new()
    {
        SchemaLocations = _schemaLocations.Count > 0 ? _schemaLocations : new ValidationOptions().SchemaLocations,
        KubernetesVersion = Catalog.Settings.KubernetesVersion,
        Strict = _strict,
        IgnoreMissingSchemas = _ignoreMissingSchemas,
        RequireKubeconform = _requireKubeconform,
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
    public ValidationResult ValidateDeploy()
    {
        var (catalog, generated, options) = (Catalog, Generated, ValidationOptions);
        var seal = CacheSeal;
        var validated = seal is null ? null : ValidatedDocuments.Load(CacheFolder.Of(RepositoryRoot, create: false), seal, options);
        var result = Progress.Track(progress => ManifestValidator.ValidateRepository(
            DeployRoot, options, catalog, Kubeconform, generated, SourceRevisions.SameSourcesAt, progress, validated));
        // --dryrun writes nothing, not even the cache.
        if (!DryRun && validated?.Changed(seal!) is { } changed)
        {
            WriteCache(ValidatedDocuments.FileName, changed);
        }

        return result;
    }

    /// <summary>GitHub Actions sets GITHUB_ACTIONS=true: there Validate also prints its findings as workflow annotations.</summary>
    public bool GitHubActions => System.Environment.GetEnvironmentVariable("GITHUB_ACTIONS") is { } value &&
                                 value.Equals("true", StringComparison.OrdinalIgnoreCase);

    /// <summary>--junit FILE: also write the result as JUnit XML.</summary>
    public string? JUnitFile { get; private set; }

    /// <summary>--kubeconform-download: install the pinned kubeconform release into .tools/ before validating.</summary>
    public bool KubeconformDownload { get; private set; }

    /// <summary>--kubeconform-download-url: where the release archives are (a mirror); the pinned checksums still apply.</summary>
    public string KubeconformDownloadUrl { get; private set; } = KubeconformRelease.DefaultBaseUrl;

    /// <summary>Where --kubeconform-download puts the binary (looked at before PATH).</summary>
    public string KubeconformInstallPath =>
        InRepository($".tools/kubeconform/{KubeconformRelease.Version}/{KubeconformRelease.Executable}");

    /// <summary>The kubeconform CLI: --kubeconform-path, else a downloaded one in .tools/, else PATH.</summary>
    public IKubeconform Kubeconform
    {
        get
        {
            var path = _kubeconformPath ?? (File.Exists(KubeconformInstallPath) ? KubeconformInstallPath : null);
            var settings = new KubeconformSettings { ToolPath = path is null ? null : new Cake.Core.IO.FilePath(path) };
            return new KubeconformRunner(FileSystem, Environment, ProcessRunner, Tools, settings);
        }
    }

    private void ReadValidation(List<string> problems)
    {
        _schemaLocations = Arguments.HasArgument(BuildOptions.SchemaLocation.Name)
            ? Arguments.GetArguments(BuildOptions.SchemaLocation.Name)
                .Select(l => l is SchemaLocation.Default or SchemaLocation.TypedModel || SchemaLocation.IsRemote(l) ? l : InRepository(l)).ToList()
            : [];
        _strict = Flag(BuildOptions.Strict, otherwise: true);
        _ignoreMissingSchemas = Flag(BuildOptions.IgnoreMissingSchemas);
        _requireKubeconform = Flag(BuildOptions.RequireKubeconform);
        JUnitFile = Value(BuildOptions.JUnit) is { } junit ? InRepository(junit) : null;
        KubeconformDownload = Flag(BuildOptions.KubeconformDownload);
        KubeconformDownloadUrl = Value(BuildOptions.KubeconformDownloadUrl) ?? KubeconformRelease.DefaultBaseUrl;
        if (Value(BuildOptions.KubeconformPath) is { } path)
        {
            // Given explicitly, it must be there: falling back to PATH would validate with another binary or none.
            _kubeconformPath = InRepository(path);
            if (!File.Exists(_kubeconformPath))
            {
                problems.Add($"--{BuildOptions.KubeconformPath.Name}: '{path}' is not a file ({_kubeconformPath}).");
            }
        }
    }
}
