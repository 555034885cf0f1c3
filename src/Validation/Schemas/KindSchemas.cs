using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace KanikoImages.Validation.Schemas;

/// <summary>
/// The schema found for one resource type: compiled, the typed model (the typed-model location came first), missing
/// everywhere, or failed to load.
/// </summary>
public sealed record SchemaLookup(ResourceType Type, JsonSchema? Schema, string? Location, string? Failure)
{
    public bool TypedModel { get; init; }

    /// <summary>The sha256 of the schema's text (hex), which names this schema in the validation cache.</summary>
    public string? TextDigest { get; init; }

    public bool Missing => Schema is null && Failure is null && !TypedModel;
}

/// <summary>
/// Finds and compiles the schema of each resource type once per run: the locations are tried in order and the
/// first that has the file wins (kubeconform's registries). Safe to call from parallel validations.
/// </summary>
public sealed class KindSchemas(IReadOnlyList<SchemaLocation> locations, string kubernetesVersion, bool strict, SchemaFetcher fetcher)
{
    // Kubernetes schemas carry x-kubernetes-* extension keywords; like kubeconform, they are not errors.
    private static readonly Dialect Dialect = Dialect.Draft202012.With([], allowUnknownKeywords: true);

    private readonly ConcurrentDictionary<ResourceType, Lazy<SchemaLookup>> _schemas = new();

    public SchemaLookup Find(ResourceType type) =>
        _schemas.GetOrAdd(type, t => new Lazy<SchemaLookup>(() => Load(t))).Value;

    private SchemaLookup Load(ResourceType type)
    {
        string? failure = null;
        foreach (var location in locations)
        {
            if (location.IsTypedModel && TypedModelValidator.Generates(type))
            {
                return new SchemaLookup(type, null, location.Option, null) { TypedModel = true };
            }

            foreach (var template in location.Templates)
            {
                var fetched = fetcher.Fetch(SchemaLocation.Render(template, type, kubernetesVersion, strict));
                if (fetched.Found)
                {
                    return Compile(type, fetched);
                }

                failure ??= fetched.Failure;
            }
        }

        return new SchemaLookup(type, null, null, failure);
    }

    private static SchemaLookup Compile(ResourceType type, FetchedSchema fetched)
    {
        try
        {
            var root = JsonNode.Parse(fetched.Text!) as JsonObject
                ?? throw new JsonException("the schema is not a JSON object");

            // Some CRD catalogs declare "$schema": "http://json-schema.org/schema#", which names no draft;
            // kubeconform ignores it, and so do we (the keywords used mean the same in every draft).
            root.Remove("$schema");
            UpgradeDraft4Bounds(root);
            var options = new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect };
            var schema = JsonSchema.Build(JsonSerializer.SerializeToElement(root), options, new Uri("urn:kaniko-k8s-images:schema:" + Uri.EscapeDataString(fetched.Location)));
            return new SchemaLookup(type, schema, fetched.Location, null)
            {
                TextDigest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(fetched.Text!))),
            };
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or JsonSchemaException)
        {
            return new SchemaLookup(type, null, fetched.Location, $"the schema {fetched.Location} could not be read: {e.Message}");
        }
    }

    /// <summary>
    /// Draft 4 wrote "maximum: 5, exclusiveMaximum: true"; later drafts write "exclusiveMaximum: 5". Older CRD
    /// schemas (Contour's) use the draft 4 form, which kubeconform reads as draft 4.
    /// </summary>
    private static void UpgradeDraft4Bounds(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (exclusive, bound) in new[] { ("exclusiveMaximum", "maximum"), ("exclusiveMinimum", "minimum") })
                {
                    if (obj[exclusive] is JsonValue flag && flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                    {
                        var isExclusive = flag.GetValue<bool>();
                        obj.Remove(exclusive);
                        if (isExclusive && obj[bound] is { } limit)
                        {
                            obj.Remove(bound);
                            obj[exclusive] = limit;
                        }
                    }
                }

                foreach (var (_, child) in obj.ToList())
                {
                    UpgradeDraft4Bounds(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    UpgradeDraft4Bounds(child);
                }

                break;
        }
    }
}
