using System.Collections.Concurrent;
using KanikoImages.Validation.Resources;
using KanikoImages.Validation.Schemas;

namespace KanikoImages.Validation;

/// <summary>
/// Layer 2: each resource against the JSON schema of its kind, with kubeconform's verdicts, or against its typed
/// model (<see cref="TypedModelValidator"/>) where the typed-model location answers for it. No schema is an error
/// (skipped with --ignore-missing-schemas), unless there is a typed model of the kind to check it against.
/// </summary>
public sealed class SchemaLayer(ValidationOptions options)
{
    private readonly KindSchemas _schemas = new(
        options.ParsedLocations(),
        options.KubernetesVersion,
        options.Strict,
        new SchemaFetcher(options.SchemaCacheDirectory));

    private readonly ConcurrentDictionary<ResourceType, string> _fallbacks = new();

    /// <summary>One line per kind that was checked against a typed model instead of a schema, and why.</summary>
    public IReadOnlyList<string> Notes =>
        _fallbacks.OrderBy(f => f.Key.ToString(), StringComparer.Ordinal).Select(f => f.Value).ToList();

    /// <summary>
    /// What a resource of <paramref name="type"/> is checked against, named so that any change of it changes the name
    /// (a schema by its location and the sha256 of its text, a typed model by this build of the validator, which the
    /// cache's version names); null when it is checked against nothing, a fallback or a failed lookup. The validation
    /// cache keeps a verdict under this name.
    /// </summary>
    public string? Identity(ResourceType type)
    {
        var lookup = _schemas.Find(type);
        return lookup.Schema is not null ? $"schema {lookup.Location} {lookup.TextDigest}"
            : lookup.TypedModel ? "typed model"
            : null; // a fallback to the typed model is not cached: its note comes from validating

    }

    /// <summary>The findings for one resource; an empty list means valid.</summary>
    public IReadOnlyList<Finding> Validate(ManifestResource resource)
    {
        if (resource.ReadError is not null)
        {
            return [Finding.For(resource, "", resource.ReadError, ResourceStatus.Error, Layers.Reader)];
        }

        var type = new ResourceType(resource.ApiVersion, resource.Kind);
        var lookup = _schemas.Find(type);
        if (lookup.Schema is not null)
        {
            return SchemaValidator.Validate(resource, lookup.Schema);
        }

        if (lookup.TypedModel)
        {
            return TypedModelValidator.Validate(resource, options.Strict);
        }

        if (options.TypedModelFallback && TypedModelValidator.Knows(type))
        {
            _fallbacks.TryAdd(type, $"{type}: no JSON schema ({lookup.Failure ?? "in none of " + string.Join(", ", options.SchemaLocations)}); checked against its typed model");
            return TypedModelValidator.Validate(resource, options.Strict);
        }

        if (lookup.Failure is not null)
        {
            return [Finding.For(resource, "", lookup.Failure, ResourceStatus.Error, Layers.Schema)];
        }

        return options.IgnoreMissingSchemas
            ? [Finding.For(resource, "", $"no schema for {type}: skipped (--ignore-missing-schemas)", ResourceStatus.Skipped, Layers.Schema)]
            : [Finding.For(resource, "", $"could not find schema for {resource.Kind} ({type}) in {string.Join(", ", options.SchemaLocations)}", ResourceStatus.Error, Layers.Schema)];
    }
}
