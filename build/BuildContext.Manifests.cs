using KanikoImages.Images;
using KanikoImages.Images.Caching;
using KanikoImages.Build.Tools.Git;
using KanikoImages.Manifests;
using KanikoImages.Manifests.Output;

namespace KanikoImages.Build;

public sealed partial class BuildContext
{
    private GeneratedManifests? _generated;
    private string? _preview;

    /// <summary>
    /// CI services set CI=true: there an image built from git with uncommitted files is an error, locally a warning.
    /// </summary>
    public ManifestOptions ManifestOptions => new(
        RequireCommittedSources: System.Environment.GetEnvironmentVariable("CI") is { } ci &&
                                 (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1"));

    /// <summary>The git history of the image folders, read with the git CLI.</summary>
    public GitSourceRevisions SourceRevisions => new(Git, RepositoryRoot);

    /// <summary>
    /// What GenerateManifests produces from the catalog as loaded now, made once per catalog: GenerateManifests
    /// writes it, Validate and Publish's gate compare deploy/ with it.
    /// </summary>
    public GeneratedManifests Generated =>
        _generated ??= GenerateWithProgress(Catalog);

    /// <summary>Generates with the render cache (.tools/cache/rendered-documents), and keeps this run's for the next.</summary>
    private GeneratedManifests GenerateWithProgress(ImageCatalog catalog)
    {
        var seal = CacheSeal;
        var rendered = seal is null ? null : RenderedDocuments.Load(CacheFolder.Of(RepositoryRoot, create: false), seal, InRepository(ManifestConventions.ManifestPath));
        var generated = Progress.Track(progress => ManifestGenerator.Generate(catalog, RepositoryRoot, SourceRevisions, ManifestOptions with { Rendered = rendered }, progress));
        if (!DryRun && rendered?.Changed(seal!) is { } changed)
        {
            WriteCache(RenderedDocuments.FileName, changed);
        }

        return generated;
    }

    /// <summary>
    /// --dryrun writes nothing into the repository: the files GenerateManifests would write are kept in a temporary
    /// folder (deleted when the process ends) so Validate and Publish check what would be written, not the old files.
    /// </summary>
    public string DeployPreview()
    {
        if (_preview is not null)
        {
            return _preview;
        }

        var preview = Directory.CreateTempSubdirectory("kaniko-deploy-preview-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(preview, recursive: true);
        foreach (var (path, file) in new[] { (ManifestConventions.ManifestPath, Generated.Manifest), (ManifestConventions.ApplicationPath, Generated.Application) })
        {
            if (file is not null)
            {
                AtomicFile.Write(Path.Combine(preview, path), file, dryRun: false);
            }
        }

        return _preview = preview;
    }

    /// <summary>Where the deploy/ files to validate and publish are: the repository, or under --dryrun the preview.</summary>
    public string DeployRoot => DryRun ? DeployPreview() : RepositoryRoot;
}
