using System.Security.Cryptography;
using KanikoImages.Images.Caching;
using KanikoImages.Manifests;
using KanikoImages.Manifests.Output;
using KanikoImages.Tests.Support;
using KanikoImages.Validation;
using KanikoImages.Validation.Reporting;
using KanikoImages.Validation.Schemas;

namespace KanikoImages.Tests.Validation;

/// <summary>
/// The validation cache: a document valid before, with the same text and schema, is not checked again, and the
/// cache can never hide a finding: an edited document, an edited schema, other options or a foreign cache file all
/// bring the check (and its finding) back.
/// </summary>
public sealed class ValidatedDocumentsTests : IDisposable
{
    private static readonly string[] Deploy = [ManifestConventions.ManifestPath, ManifestConventions.ApplicationPath];
    private readonly TempDirectory _repo = new();
    private readonly CacheSeal _seal = new(RandomNumberGenerator.GetBytes(32));
    private readonly ValidationOptions _options;

    public ValidatedDocumentsTests()
    {
        _options = new ValidationOptions { SchemaLocations = [SchemaLocation.TypedModel], BaseDirectory = _repo.Path };
    }

    public void Dispose() => _repo.Dispose();

    private string Folder => Path.Combine(_repo.Path, CacheFolder.RelativePath);

    [Fact]
    public void A_second_run_answers_every_valid_document_from_the_cache_with_the_same_result()
    {
        var catalog = KanikoManifest.Catalog("python-app", "go-tool");
        KanikoManifest.Write(_repo.Path, catalog);

        var (cold, coldCache) = Validate(_options, catalog);
        var (warm, warmCache) = Validate(_options, catalog);

        Assert.Equal(0, coldCache.Hits);
        Assert.Equal(6, warmCache.Hits);
        Assert.Equal(ValidationReport.Text(cold), ValidationReport.Text(warm));
        Assert.Equal(cold.Resources.Select(r => r.Resource), warm.Resources.Select(r => r.Resource));
        Assert.Null(warmCache.Changed(_seal));
    }

    [Fact]
    public void An_edited_document_is_checked_again_and_its_finding_comes_back()
    {
        var catalog = KanikoManifest.Catalog("python-app", "go-tool");
        KanikoManifest.Write(_repo.Path, catalog);
        Validate(_options, catalog);
        var job = KanikoManifest.JobName(catalog.Images[1]);
        KanikoManifest.Write(_repo.Path, catalog, yaml => yaml.Replace("backoffLimit: 2", "backoffLimit: two"));

        var (result, cache) = Validate(_options, catalog);

        Assert.True(result.Failed);
        Assert.Contains($"Job/{job} at '/spec/backoffLimit': got string, want integer or null", ValidationReport.Text(result));
        Assert.Equal(4, cache.Hits); // every document but the two Jobs the edit touched
        // An invalid document is never kept: the next run finds it again.
        var (again, _) = Validate(_options, catalog);
        Assert.True(again.Failed);
    }

    [Fact]
    public void An_edited_schema_is_checked_again_and_its_finding_comes_back()
    {
        var catalog = KanikoManifest.Catalog("python-app");
        KanikoManifest.Write(_repo.Path, catalog);
        var schemas = Path.Combine(_repo.Path, "schemas");
        Directory.CreateDirectory(schemas);
        File.WriteAllText(Path.Combine(schemas, "serviceaccount.json"), """{"type": "object"}""");
        var options = _options with { SchemaLocations = [schemas + "/{{ .ResourceKind }}.json", SchemaLocation.TypedModel] };
        var (first, _) = Validate(options, catalog);
        Assert.False(first.Failed, ValidationReport.Text(first));

        File.WriteAllText(Path.Combine(schemas, "serviceaccount.json"), """{"type": "object", "required": ["automountServiceAccountToken"]}""");
        var (result, _) = Validate(options, catalog);

        Assert.True(result.Failed);
        Assert.Contains("automountServiceAccountToken", ValidationReport.Text(result));
    }

    [Fact]
    public void Other_options_or_another_key_never_read_the_cache()
    {
        var catalog = KanikoManifest.Catalog("python-app");
        KanikoManifest.Write(_repo.Path, catalog);
        Validate(_options, catalog);

        var lax = ValidatedDocuments.Load(Folder, _seal, _options with { Strict = false });
        ManifestValidator.Validate(Deploy, _options with { Strict = false }, catalog, validated: lax);
        var foreign = ValidatedDocuments.Load(Folder, new CacheSeal(RandomNumberGenerator.GetBytes(32)), _options);
        ManifestValidator.Validate(Deploy, _options, catalog, validated: foreign);

        Assert.Equal(0, lax.Hits);
        Assert.Equal(0, foreign.Hits);
    }

    private (ValidationResult Result, ValidatedDocuments Cache) Validate(ValidationOptions options, KanikoImages.Images.ImageCatalog catalog)
    {
        var cache = ValidatedDocuments.Load(Folder, _seal, options);
        var result = ManifestValidator.Validate(Deploy, options, catalog, validated: cache);
        if (cache.Changed(_seal) is { } changed)
        {
            AtomicFile.Write(Path.Combine(CacheFolder.Of(_repo.Path, create: true)!, ValidatedDocuments.FileName), changed);
        }

        return (result, cache);
    }
}
