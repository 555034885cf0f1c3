using KanikoImages.Validation.Schemas;

namespace KanikoImages.Validation;

/// <summary>How to validate; the defaults are the product's (strict, typed models of the generated kinds first, then kubeconform's default).</summary>
public sealed record ValidationOptions
{
    /// <summary>--schema-location values in the order they are tried ("typed-model", "default", folders, templates).</summary>
    public IReadOnlyList<string> SchemaLocations { get; init; } = [SchemaLocation.TypedModel, SchemaLocation.Default];

    /// <summary>--kubernetes-version (images.yaml kubernetesVersion).</summary>
    public string KubernetesVersion { get; init; } = "1.32.2";

    /// <summary>--strict: unknown fields and duplicate keys are errors.</summary>
    public bool Strict { get; init; } = true;

    /// <summary>--ignore-missing-schemas: a kind without a schema is skipped instead of an error.</summary>
    public bool IgnoreMissingSchemas { get; init; }

    /// <summary>Where downloaded schemas are kept so the next run is offline; null: no cache.</summary>
    public string? SchemaCacheDirectory { get; init; }

    /// <summary>When no location has a kind's schema, check it against its typed model instead (any kind with one).</summary>
    public bool TypedModelFallback { get; init; } = true;

    /// <summary>Files are named relative to this folder in the report; null: as given.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>--require-kubeconform: no kubeconform binary is an error instead of a note.</summary>
    public bool RequireKubeconform { get; init; }

    internal IReadOnlyList<SchemaLocation> ParsedLocations() =>
        SchemaLocations.Count == 0
            ? throw new ValidationInputException("No --schema-location given.")
            : SchemaLocations.Select(SchemaLocation.Parse).ToList();
}
