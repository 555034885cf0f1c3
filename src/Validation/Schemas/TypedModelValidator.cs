using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;
using KanikoImages.Validation.Resources;

namespace KanikoImages.Validation.Schemas;

/// <summary>
/// The fallback when no JSON schema is at hand: a strict decode into KubernetesClient's typed model of the kind
/// (V1Job, V1ConfigMap, ...). Every field must be a property of the model, with a value of the property's type.
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

    public static IReadOnlyList<Finding> Validate(ManifestResource resource)
    {
        var findings = new List<Finding>();
        Check(resource.Object, Models[new ResourceType(resource.ApiVersion, resource.Kind)], "", resource, findings);
        return findings;
    }

    private static void Check(JsonNode? node, Type type, string path, ManifestResource resource, List<Finding> findings)
    {
        if (node is null)
        {
            return;
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        var want = Expected(type);
        if (want is not null)
        {
            var got = node.GetValueKind() switch
            {
                System.Text.Json.JsonValueKind.String => "string",
                System.Text.Json.JsonValueKind.Number => IsInteger(node) ? "integer" : "number",
                System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
                System.Text.Json.JsonValueKind.Array => "array",
                _ => "object",
            };
            if (!want.Split(" or ").Contains(got) && !(got == "integer" && want.Contains("number", StringComparison.Ordinal)))
            {
                findings.Add(Finding.For(resource, Pointer(path), $"got {got}, want {want}", ResourceStatus.Invalid, Layers.TypedModel));
            }

            return;
        }

        if (type == typeof(object))
        {
            return;
        }

        if (Dictionary(type) is { } valueType)
        {
            if (node is not JsonObject map)
            {
                findings.Add(Finding.For(resource, Pointer(path), $"got {Kind(node)}, want object", ResourceStatus.Invalid, Layers.TypedModel));
                return;
            }

            foreach (var (key, value) in map)
            {
                Check(value, valueType, path + "/" + JsonText.Segment(key), resource, findings);
            }

            return;
        }

        if (List(type) is { } itemType)
        {
            if (node is not JsonArray array)
            {
                findings.Add(Finding.For(resource, Pointer(path), $"got {Kind(node)}, want array", ResourceStatus.Invalid, Layers.TypedModel));
                return;
            }

            for (var i = 0; i < array.Count; i++)
            {
                Check(array[i], itemType, $"{path}/{i}", resource, findings);
            }

            return;
        }

        if (node is not JsonObject obj)
        {
            findings.Add(Finding.For(resource, Pointer(path), $"got {Kind(node)}, want object", ResourceStatus.Invalid, Layers.TypedModel));
            return;
        }

        var properties = Properties(type);
        foreach (var (key, value) in obj)
        {
            if (properties.TryGetValue(key, out var property))
            {
                Check(value, property, path + "/" + JsonText.Segment(key), resource, findings);
            }
            else
            {
                findings.Add(Finding.For(resource, Pointer(path), $"unknown field \"{key}\" ({type.Name} has no such field)", ResourceStatus.Invalid, Layers.TypedModel));
            }
        }
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

    private static bool IsInteger(JsonNode node) => node.AsValue().TryGetValue<long>(out _) ||
        (node.AsValue().TryGetValue<double>(out var d) && Math.Floor(d) == d);

    private static string Kind(JsonNode node) => node.GetValueKind().ToString().ToLowerInvariant();

    private static string Pointer(string path) => path.Length == 0 ? "/" : path;
}
