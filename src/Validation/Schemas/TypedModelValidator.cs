using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;
using KanikoImages.Validation.Resources;

namespace KanikoImages.Validation.Schemas;

/// <summary>
/// The fallback when no JSON schema is at hand: a strict decode into KubernetesClient's typed model of the kind
/// (V1Job, V1ConfigMap, ...). Every field must be a property of the model (under strict), with a value of the
/// property's type.
/// </summary>
public static class TypedModelValidator
{
    private static readonly FrozenDictionary<ResourceType, Type> Models = typeof(V1Job).Assembly.GetTypes()
        .Select(t => (Type: t, Entity: t.GetCustomAttribute<KubernetesEntityAttribute>()))
        .Where(m => m.Entity is { Kind.Length: > 0 } && !m.Type.Name.EndsWith("List", StringComparison.Ordinal))
        .GroupBy(m => new ResourceType(m.Entity!.Group.Length == 0 ? m.Entity.ApiVersion : $"{m.Entity.Group}/{m.Entity.ApiVersion}", m.Entity.Kind))
        .ToFrozenDictionary(g => g.Key, g => g.First().Type);

    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, Type>> PropertyCache = new();

    /// <summary>True when KubernetesClient has a model for <paramref name="type"/>.</summary>
    public static bool Knows(ResourceType type) => Models.ContainsKey(type);

    /// <param name="resource">A resource of a kind <see cref="Knows"/> has a model for.</param>
    /// <param name="strict">Unknown fields are findings (kubeconform's -strict); wrong types always are.</param>
    public static IReadOnlyList<Finding> Validate(ManifestResource resource, bool strict)
    {
        var decoder = new Decoder(resource, strict);
        decoder.Check(resource.Object, Models[new ResourceType(resource.ApiVersion, resource.Kind)], "");
        return decoder.Findings;
    }

    private sealed class Decoder(ManifestResource resource, bool strict)
    {
        public List<Finding> Findings { get; } = [];

        public void Check(JsonNode? node, Type type, string path)
        {
            if (node is null)
            {
                return;
            }

            type = Nullable.GetUnderlyingType(type) ?? type;
            if (Expected(type) is { } want)
            {
                var got = JsonType(node);
                if (!want.Split(" or ").Contains(got) && !(got == "integer" && want.Contains("number", StringComparison.Ordinal)))
                {
                    Add(path, $"got {got}, want {want}");
                }
            }
            else if (type == typeof(object))
            {
                // Free-form (e.g. a CRD's spec in the model): anything goes.
            }
            else if (Dictionary(type) is { } valueType)
            {
                foreach (var (key, value) in Expect<JsonObject>(node, path, "object") ?? [])
                {
                    Check(value, valueType, path + "/" + JsonText.Segment(key));
                }
            }
            else if (List(type) is { } itemType)
            {
                var array = Expect<JsonArray>(node, path, "array") ?? [];
                for (var i = 0; i < array.Count; i++)
                {
                    Check(array[i], itemType, $"{path}/{i}");
                }
            }
            else
            {
                var properties = Properties(type);
                foreach (var (key, value) in Expect<JsonObject>(node, path, "object") ?? [])
                {
                    if (properties.TryGetValue(key, out var property))
                    {
                        Check(value, property, path + "/" + JsonText.Segment(key));
                    }
                    else if (strict)
                    {
                        Add(path, $"unknown field \"{key}\" ({type.Name} has no such field)");
                    }
                }
            }
        }

        private T? Expect<T>(JsonNode node, string path, string want)
            where T : JsonNode
        {
            if (node is T expected)
            {
                return expected;
            }

            Add(path, $"got {JsonType(node)}, want {want}");
            return null;
        }

        private void Add(string path, string message) =>
            Findings.Add(Finding.For(resource, path.Length == 0 ? "/" : path, message, ResourceStatus.Invalid, Layers.TypedModel));
    }

    /// <summary>The JSON type(s) a scalar model type takes; null for objects, maps and lists.</summary>
    private static string? Expected(Type type) => type switch
    {
        _ when type == typeof(string) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(byte[]) => "string",
        _ when type == typeof(int) || type == typeof(long) => "integer",
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "number",
        _ when type == typeof(bool) => "boolean",
        _ when type == typeof(IntOrString) => "string or integer",
        _ when type == typeof(ResourceQuantity) => "string or number",
        _ => null,
    };

    private static string JsonType(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => node.AsValue().TryGetValue<long>(out _) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        _ => "object",
    };

    private static Type? Dictionary(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IDictionary<,>) || d == typeof(Dictionary<,>))
            ? type.GetGenericArguments()[1]
            : null;

    private static Type? List(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IList<>) || d == typeof(List<>) || d == typeof(IEnumerable<>))
            ? type.GetGenericArguments()[0]
            : null;

    private static IReadOnlyDictionary<string, Type> Properties(Type type) =>
        PropertyCache.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name, p.PropertyType))
            .Where(p => p.Name is not null)
            .ToDictionary(p => p.Name!, p => p.PropertyType, StringComparer.Ordinal));
}
