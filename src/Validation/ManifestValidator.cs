using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using KanikoImages.Images;
using KanikoImages.Manifests;
using KanikoImages.Validation.Generated;
using KanikoImages.Validation.Kubeconform;
using KanikoImages.Validation.Resources;
using KanikoImages.Validation.Rules;

namespace KanikoImages.Validation;

/// <summary>
/// The one entry point of the stage (the Validate task, and Publish before it pushes): read the resources, check
/// each against its schema, run the project rules and kubeconform, and give one result.
/// </summary>
public static class ManifestValidator
{
    /// <param name="paths">Files or folders, relative to <see cref="ValidationOptions.BaseDirectory"/>.</param>
    /// <param name="catalog">The image catalog for the rules that compare deploy/ with images/; null skips them.</param>
    /// <param name="kubeconform">The kubeconform CLI; null when there is none.</param>
    /// <param name="more">Findings of a check outside this stage's layers (<see cref="GeneratedDeployCheck"/>), folded into the verdicts.</param>
    /// <param name="progress">Told of every document checked (their number is not known before the end) and of kubeconform's run.</param>
    /// <param name="validated">Documents found valid in earlier runs (<see cref="ValidatedDocuments"/>); this run's are added to it.</param>
    /// <exception cref="ValidationInputException">A path or schema location that does not exist, a bad option.</exception>
    public static ValidationResult Validate(
        IReadOnlyList<string> paths,
        ValidationOptions options,
        ImageCatalog? catalog = null,
        IKubeconform? kubeconform = null,
        IReadOnlyList<Finding>? more = null,
        IProgress<WorkProgress>? progress = null,
        ValidatedDocuments? validated = null)
    {
        var baseDirectory = options.BaseDirectory ?? Directory.GetCurrentDirectory();
        string Display(string full) => options.BaseDirectory is null ? full : Path.GetRelativePath(baseDirectory, full).Replace('\\', '/');

        // Locations first: a schema folder that does not exist is reported before any file is read.
        var schemaLayer = new SchemaLayer(options);
        var files = ResourceReader.FindFiles(paths.Select(p => Path.GetFullPath(p, baseDirectory)));

        // Each resource is checked as it is read, and only what the later steps need is kept of it: memory holds a
        // few parsed documents, never the manifest. One thread at a time splits the files into chunks in file order;
        // chunks are independent and compiled schemas shared, so each is parsed and checked in parallel.
        var reader = new ResourceReader(options.Strict, validated is null ? null : (validated, schemaLayer));
        var checkedResources = Checked(reader, reader.Chunks(files, Display), schemaLayer, validated, new ProgressCounter(progress, "checking documents", null));
        var resources = checkedResources.Select(c => c.Resource).ToList();

        var findings = checkedResources.SelectMany(c => c.SchemaFindings).ToList();
        findings.AddRange(checkedResources.SelectMany(c => c.RuleFindings));
        var facts = checkedResources.Where(c => c.Facts is not null).Select(c => c.Facts!).ToList();
        findings.AddRange(ProjectRules.Check(new RuleInputs(facts, catalog)));
        progress?.Report(new WorkProgress("running kubeconform", resources.Count, resources.Count));
        var (kubeconformFindings, notes) = new KubeconformLayer(kubeconform, options).Run(files, resources, Display);
        findings.AddRange(kubeconformFindings);
        findings.AddRange(more ?? []);

        var worst = findings
            .GroupBy(f => (f.File, f.DocumentIndex, f.ItemIndex))
            .ToDictionary(g => g.Key, g => g.Max(f => f.Status));
        var verdicts = resources
            .Select(r => new ResourceVerdict(r, worst.GetValueOrDefault((r.File, r.DocumentIndex, r.ItemIndex), ResourceStatus.Valid)))
            .ToList();
        return new ValidationResult(files.Select(Display).ToList(), verdicts, findings, [.. schemaLayer.Notes, .. notes]);
    }

    private static List<CheckedResource> Checked(
        ResourceReader reader,
        IEnumerable<ResourceChunk> chunks,
        SchemaLayer schemaLayer,
        ValidatedDocuments? validated,
        ProgressCounter checkedCount)
    {
        List<(bool First, ChunkResources<CheckedResource> Chunk)> checkedChunks;
        try
        {
            // One chunk per request: the default partition takes chunks in growing batches, each thread then
            // holding many parsed trees at once (about 40 MB more at 10,000 Jobs, and slower).
            checkedChunks = Partitioner.Create(chunks, EnumerablePartitionerOptions.NoBuffering)
                .AsParallel()
                .AsOrdered()
                .Select(chunk =>
                {
                    var parsed = reader.Parse(chunk);
                    return (chunk.First, new ChunkResources<CheckedResource>(
                        parsed.Resources.Select(r => Checked(r, schemaLayer, validated, checkedCount)).ToList(), parsed.Documents));
                })
                .ToList();
        }
        catch (AggregateException e) when (e.InnerExceptions is [ValidationInputException input])
        {
            // A file that cannot be opened is a user error, not a crash of the parallel query.
            ExceptionDispatchInfo.Throw(input);
            throw;
        }

        // A document's index in its file counts the non-empty documents before it, known only once every chunk
        // before it is parsed: each chunk numbered its own from 0.
        return ResourceChunk.InFileOrder(checkedChunks).Select(r => r.Item.After(r.Before)).ToList();
    }

    private static CheckedResource Checked(ManifestResource resource, SchemaLayer schemaLayer, ValidatedDocuments? validated, ProgressCounter checkedCount)
    {
        var result = CheckedResource.Of(resource, schemaLayer);
        if (resource.Known is null)
        {
            validated?.Add(resource, result, schemaLayer);
        }

        checkedCount.Add();
        return result;
    }

    /// <summary>
    /// Validates what a repository's deploy/ holds: the manifest and, when generated, the Argo CD Application.
    /// With <paramref name="generated"/> (GenerateManifests' output for the same commit), deploy/ must also be
    /// exactly that and hold nothing else (<see cref="GeneratedDeployCheck"/>).
    /// </summary>
    /// <exception cref="ValidationInputException">There is no deploy/manifest.yaml.</exception>
    public static ValidationResult ValidateRepository(
        string repositoryRoot,
        ValidationOptions options,
        ImageCatalog? catalog,
        IKubeconform? kubeconform,
        GeneratedManifests? generated = null,
        SameSourcesAt? sameSources = null,
        IProgress<WorkProgress>? progress = null,
        ValidatedDocuments? validated = null)
    {
        if (!File.Exists(Path.Combine(repositoryRoot, ManifestConventions.ManifestPath)))
        {
            throw new ValidationInputException(
                $"{Path.Combine(repositoryRoot, ManifestConventions.ManifestPath)}: no manifest to validate (run ./build.sh GenerateManifests).");
        }

        var files = new[] { ManifestConventions.ManifestPath, ManifestConventions.ApplicationPath }
            .Where(f => File.Exists(Path.Combine(repositoryRoot, f)))
            .ToList();
        var more = generated is null ? null : GeneratedDeployCheck.Check(repositoryRoot, generated, sameSources);
        return Validate(files, options with { BaseDirectory = repositoryRoot }, catalog, kubeconform, more, progress, validated);
    }
}
