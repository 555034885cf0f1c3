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
public sealed record ManifestOptions(bool RequireCommittedSources)
{
    /// <summary>The YAML of documents written before (the render cache); null: every document is emitted.</summary>
    public RenderedDocuments? Rendered { get; init; }
}

/// <summary>One image's resources as UTF-8 YAML documents (its ConfigMap first, if any, then its Jobs).</summary>
/// <param name="JobName">The image's last Job: its only build, or a multi-platform image's index Job.</param>
public sealed record GeneratedImage(ImageDefinition Image, ContextMode Mode, string JobName, IReadOnlyList<byte[]> Documents)
{
    /// <summary>Every Job's name in document order: a multi-platform image's platform builds, then <see cref="JobName"/>.</summary>
    public IReadOnlyList<string> JobNames { get; init; } = [JobName];

    /// <summary>The Jobs as written, for the change report.</summary>
    public JobDocument JobDocument => new(Image.Name, JobNames, Documents.TakeLast(JobNames.Count).ToList());
}

/// <summary>The generated files' text, what went into them, and what the user should know.</summary>
/// <param name="Application">Null when git.url is not set (there is no repository for Argo CD to watch).</param>
public sealed record GeneratedManifests(
    GeneratedFile Manifest,
    GeneratedFile? Application,
    IReadOnlyList<GeneratedImage> Images,
    IReadOnlyList<string> Warnings);

/// <summary>Stage 2: the catalog to deploy/manifest.yaml and deploy/argocd/application.yaml (text only; nothing is written).</summary>
public static class ManifestGenerator
{
    /// <param name="progress">Told of every image whose resources are written.</param>
    public static GeneratedManifests Generate(
        ImageCatalog catalog,
        string repositoryRoot,
        ISourceRevisions sources,
        ManifestOptions options,
        IProgress<WorkProgress>? progress = null)
    {
        var settings = catalog.Settings;
        var images = catalog.Images.OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
        var warnings = new List<string>();
        if (settings.RegistryTls != RegistryTls.Verify)
        {
            warnings.Add(
                $"registryTls is {(settings.RegistryTls == RegistryTls.PlainHttp ? "plain-http: the registry is reached without TLS" : "skip-verify: the registry's certificate is not verified")}; " +
                "anyone on the network path can read or change the images pushed and the guard's answers. Use verify (with kaniko.caBundle for a private CA) outside tests.");
        }

        var pathspecs = SourceRevisionResolver.Pathspecs(images);
        var history = images.Count > 0 ? sources.Read(pathspecs, catalog.TrackedFilesMatchIndex(pathspecs)) : null;
        var revisions = history is null ? null : SourceRevisionResolver.Resolve(images, history);
        if (history is { Shallow: true })
        {
            warnings.Add(
                "The repository is a shallow clone: images whose last change is older than the clone are pinned to its " +
                "oldest commit, so their Jobs change with every run. Fetch the full history (actions/checkout fetch-depth: 0).");
        }

        var written = new ProgressCounter(progress, "generating Jobs", images.Count);
        var ordering = new BaseOrdering(images, settings);
        warnings.AddRange(ordering.Warnings());

        // Images on all cores, in order; each image's typed resources become YAML at once and are dropped, so only
        // the UTF-8 text of 10,000 images is held, never their object graphs.
        var outcomes = images.AsParallel().AsOrdered()
            .Select(image =>
            {
                try
                {
                    return Sized(Build(ordering.Pinned(image), settings, repositoryRoot, history, revisions?[image.Name] ?? SourceRevision.None, options, ordering));
                }
                catch (ManifestException e)
                {
                    return new Outcome(null, Error: e.Message);
                }
                finally
                {
                    written.Add();
                }
            })
            .ToList();
        var errors = outcomes.Select(o => o.Error).OfType<string>().ToList();
        if (errors.Count > 0)
        {
            throw new ManifestException(string.Join("\n", errors));
        }

        warnings.AddRange(outcomes.Select(o => o.Warning).OfType<string>());
        var generated = outcomes.Select(o => o.Generated!).ToList();
        var shared = SharedResources.Build(settings).ToList();
        if (images.Any(i => i.Platforms.Count > 0))
        {
            shared.Add(PlatformJobs.ScriptsConfigMap(settings.Namespace));
        }

        shared.AddRange(ordering.SharedResources());
        var documents = shared.Select(resource => YamlDocumentWriter.Write(resource, options.Rendered)).Concat(generated.SelectMany(g => g.Documents));
        GeneratedFile? application = null;
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

    /// <summary>One image's result: its documents, or the error that refuses it; and a warning, if any.</summary>
    private sealed record Outcome(GeneratedImage? Generated, string? Warning = null, string? Error = null);

    /// <summary>
    /// etcd refuses a request above 1.5 MiB by default (its --max-request-bytes), so no API server stores a larger
    /// Job; warn from 1 MiB on. A ConfigMap has its own, lower limit on its data (<see cref="ContextConfigMapBuilder"/>).
    /// </summary>
    public const int MaxObjectBytes = 1536 * 1024;

    private const int WarnObjectBytes = 1024 * 1024;

    private static Outcome Sized(Outcome outcome)
    {
        var image = outcome.Generated!.Image;
        var size = outcome.Generated.Documents.TakeLast(outcome.Generated.JobNames.Count).Max(d => d.Length);
        if (size > MaxObjectBytes)
        {
            return new Outcome(null, Error:
                $"{image.Folder}: its Job would be {size:N0} bytes, more than the {MaxObjectBytes:N0} bytes (1.5 MiB) a Kubernetes " +
                "API server stores (etcd's default request limit); make its build args or labels in image.yaml smaller.");
        }

        return size > WarnObjectBytes
            ? outcome with
            {
                Warning = string.Join(" ", new[] { outcome.Warning, $"{image.Folder}: its Job is {size:N0} bytes, near the {MaxObjectBytes:N0} bytes (1.5 MiB) a Kubernetes API server stores." }.OfType<string>()),
            }
            : outcome;
    }

    private static Outcome Build(
        ImageDefinition image,
        CatalogSettings settings,
        string repositoryRoot,
        SourceHistory? history,
        SourceRevision revision,
        ManifestOptions options,
        BaseOrdering ordering)
    {
        var name = KubernetesNames.ForImage(image.Name, image.Hash);
        var exactCommit = revision.IsExact ? revision.Commit : null;
        var mode = ContextModes.Resolve(image);
        if (mode == ContextMode.ConfigMap)
        {
            var context = ContextConfigMapBuilder.Build(image, name, settings.Namespace);
            var source = new BuildSource(
                "dir://" + ContextConfigMapBuilder.ContextPath, null, context.DockerfilePath, exactCommit, context.Volume, []);
            return new Outcome(Written(image, mode, ordering.Apply(PlatformJobs.Build(image, settings, name, source), image), context.ConfigMap, options.Rendered));
        }

        if (history is null)
        {
            throw new ManifestException(
                $"{image.Folder}: builds from git (its context is more than a Dockerfile), but {repositoryRoot} is not " +
                "a git work tree, so there is no commit for kaniko to clone. Commit the repository, or set " +
                "contextMode: configmap in the image's image.yaml.");
        }

        string? warning = null;
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

            warning =
                $"{image.Folder}: {why}; its Job builds the head of branch {settings.Git.Branch} instead of a pinned commit. " +
                "Commit before publishing (in CI this is an error).";
        }

        var gitSource = new BuildSource(
            GitContext.Url(settings.Git, exactCommit, image.Folder),
            RepositoryPaths.Join(history.Prefix, RepositoryPaths.Normalize(image.Context)) is { Length: > 0 } subPath ? subPath : null,
            ContextModes.ContextRelativeDockerfile(image),
            exactCommit,
            null,
            GitContext.Environment(settings.Git, image.Folder).ToList());
        return new Outcome(Written(image, mode, ordering.Apply(PlatformJobs.Build(image, settings, name, gitSource), image), null, options.Rendered), warning);
    }

    private static GeneratedImage Written(ImageDefinition image, ContextMode mode, IReadOnlyList<V1Job> jobs, V1ConfigMap? configMap, RenderedDocuments? rendered) =>
        new(image, mode, jobs[^1].Metadata.Name, [.. configMap is null ? [] : new[] { YamlDocumentWriter.Write(configMap, rendered) }, .. jobs.Select(job => YamlDocumentWriter.Write(job, rendered))])
        {
            JobNames = jobs.Select(j => j.Metadata.Name).ToList(),
        };
}
