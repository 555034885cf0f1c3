using k8s.Models;
using KanikoImages.Images;
using KanikoImages.Manifests.Argo;
using KanikoImages.Manifests.Output;
using KanikoImages.Manifests.Resources;
using KanikoImages.Manifests.Sources;

namespace KanikoImages.Manifests;

/// <param name="RequireCommittedSources">
/// An image built from git whose hashed files are not all committed is an error (CI) instead of a warning
/// whose Job builds the branch head (a local preview).
/// </param>
public sealed record ManifestOptions(bool RequireCommittedSources);

/// <summary>The resources generated for one image, and their YAML documents (ConfigMap first, if any).</summary>
public sealed record GeneratedImage(ImageDefinition Image, ContextMode Mode, V1Job Job, V1ConfigMap? ConfigMap)
{
    public IReadOnlyList<string> Documents { get; init; } = [];

    /// <summary>The Job as written, for the change report.</summary>
    public JobDocument JobDocument => new(Image.Name, Job.Metadata.Name, Documents[^1]);
}

/// <summary>The generated files' text, what went into them, and what the user should know.</summary>
/// <param name="Application">Null when git.url is not set (there is no repository for Argo CD to watch).</param>
public sealed record GeneratedManifests(
    string Manifest,
    string? Application,
    IReadOnlyList<GeneratedImage> Images,
    IReadOnlyList<string> Warnings);

/// <summary>Stage 2: the catalog to deploy/manifest.yaml and deploy/argocd/application.yaml (text only; nothing is written).</summary>
public static class ManifestGenerator
{
    public static GeneratedManifests Generate(
        ImageCatalog catalog,
        string repositoryRoot,
        ISourceRevisions sources,
        ManifestOptions options)
    {
        var settings = catalog.Settings;
        var images = catalog.Images.OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
        var warnings = new List<string>();
        var errors = new List<string>();

        var history = images.Count > 0 ? sources.Read(SourceRevisionResolver.Pathspecs(images)) : null;
        var revisions = history is null ? null : SourceRevisionResolver.Resolve(images, history);
        if (history is { Shallow: true })
        {
            warnings.Add(
                "The repository is a shallow clone: images whose last change is older than the clone are pinned to its " +
                "oldest commit, so their Jobs change with every run. Fetch the full history (actions/checkout fetch-depth: 0).");
        }

        var generated = new List<GeneratedImage>(images.Count);
        foreach (var image in images)
        {
            try
            {
                var revision = revisions?[image.Name] ?? SourceRevision.None;
                generated.Add(Generate(image, settings, repositoryRoot, history, revision, options, warnings));
            }
            catch (ManifestException e)
            {
                errors.Add(e.Message);
            }
        }

        if (errors.Count > 0)
        {
            throw new ManifestException(string.Join("\n", errors));
        }

        // YAML on all cores, in order: it is most of the time for large catalogs.
        generated = generated.AsParallel().AsOrdered()
            .Select(g => g with { Documents = (g.ConfigMap is null ? new object[] { g.Job } : [g.ConfigMap, g.Job]).Select(YamlDocumentWriter.Write).ToList() })
            .ToList();
        var documents = SharedResources.Build(settings).Select(YamlDocumentWriter.Write).Concat(generated.SelectMany(g => g.Documents));
        string? application = null;
        if (string.IsNullOrWhiteSpace(settings.Git.Url))
        {
            warnings.Add(
                $"git.url is not set (images.yaml git.url, --git-url or KANIKO_GIT_URL): {ManifestConventions.ApplicationPath} is not generated.");
        }
        else
        {
            application = ManifestSerializer.Application(ApplicationBuilder.Build(settings));
        }

        return new GeneratedManifests(ManifestSerializer.Manifest(documents), application, generated, warnings);
    }

    private static GeneratedImage Generate(
        ImageDefinition image,
        CatalogSettings settings,
        string repositoryRoot,
        SourceHistory? history,
        SourceRevision revision,
        ManifestOptions options,
        List<string> warnings)
    {
        var name = KubernetesNames.ForImage(image.Name, image.Hash);
        var exactCommit = revision.IsExact ? revision.Commit : null;
        var mode = ContextModes.Resolve(image);
        if (mode == ContextMode.ConfigMap)
        {
            var context = ContextConfigMapBuilder.Build(image, repositoryRoot, name, settings.Namespace);
            var source = new BuildSource(
                "dir://" + ContextConfigMapBuilder.ContextPath, null, context.DockerfilePath, exactCommit, context.Volume, []);
            return new GeneratedImage(image, mode, JobBuilder.Build(image, settings, name, source), context.ConfigMap);
        }

        if (history is null)
        {
            throw new ManifestException(
                $"{image.Folder}: builds from git (its context is more than a Dockerfile), but {repositoryRoot} is not " +
                "a git work tree, so there is no commit for kaniko to clone. Commit the repository, or set " +
                "contextMode: configmap in the image's image.yaml.");
        }

        if (!revision.IsExact)
        {
            var why = revision.Commit is null
                ? "has no commit yet"
                : $"has uncommitted changes ({string.Join(", ", revision.Uncommitted.Take(5))}{(revision.Uncommitted.Count > 5 ? ", ..." : "")})";
            if (options.RequireCommittedSources)
            {
                throw new ManifestException(
                    $"{image.Folder}: {why}; a git build context must be committed so the Job builds exactly the hashed content.");
            }

            warnings.Add(
                $"{image.Folder}: {why}; its Job builds the head of branch {settings.Git.Branch} instead of a pinned commit. " +
                "Commit before publishing (in CI this is an error).");
        }

        var gitSource = new BuildSource(
            GitContext.Url(settings.Git, exactCommit, image.Folder),
            RepositoryPaths.Join(history.Prefix, RepositoryPaths.Normalize(image.Context)) is { Length: > 0 } subPath ? subPath : null,
            ContextModes.ContextRelativeDockerfile(image),
            exactCommit,
            null,
            GitContext.Environment(settings.Git, image.Folder).ToList());
        return new GeneratedImage(image, mode, JobBuilder.Build(image, settings, name, gitSource), null);
    }
}
