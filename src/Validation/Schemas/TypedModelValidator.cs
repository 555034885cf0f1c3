using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;
using KanikoImages.Manifests.Argo;
using KanikoImages.Validation.Resources;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace KanikoImages.Validation.Schemas;

/// <summary>
/// The offline check of a kind from the project's own sources: KubernetesClient's typed model of a Kubernetes kind
/// (V1Job, V1ConfigMap, ...) or the project's model of the Argo CD Application it generates
/// (<see cref="ArgoApplication"/>). Each model type is compiled once, by reflection over its properties, into a
/// tree of <see cref="ModelCheck"/>s that every document of the kind then walks: known fields only (under strict),
/// JSON types, required fields (non-nullable in the model, or <see cref="KubernetesFieldRules"/>), enum values.
/// </summary>
public static class TypedModelValidator
{
    /// <summary>The kinds this project generates: what the typed-model schema location answers for.</summary>
    private static readonly FrozenDictionary<ResourceType, Type> Generated = new[] { typeof(V1ServiceAccount), typeof(V1ConfigMap), typeof(V1Job) }
        .Select(t => KeyValuePair.Create(KindOf(t.GetCustomAttribute<KubernetesEntityAttribute>()!), t))
        .Append(KeyValuePair.Create(new ResourceType(ArgoApplication.GroupVersion, ArgoApplication.KindName), typeof(ArgoApplication)))
        .ToFrozenDictionary();

    // Every kind KubernetesClient has a model for, for the fallback only: scanning its thousands of types takes a
    // noticeable part of a second, which a run that only meets the generated kinds does not pay.
    private static readonly Lazy<FrozenDictionary<ResourceType, Type>> Models = new(() => typeof(V1Job).Assembly.GetTypes()
        .Select(t => (Type: t, Entity: t.GetCustomAttribute<KubernetesEntityAttribute>()))
        .Where(m => m.Entity is { Kind.Length: > 0 } && !m.Type.Name.EndsWith("List", StringComparison.Ordinal))
        .GroupBy(m => KindOf(m.Entity!))
        .ToFrozenDictionary(g => g.Key, g => g.First().Type));

    private static readonly ScalarCheck Text = new("string", ["string"]);
    private static readonly ScalarCheck Timestamp = new("string", ["string"], dateTime: true);
    private static readonly ScalarCheck Integer = new("integer", ["integer"]);
    private static readonly ScalarCheck Number = new("number", ["number", "integer"]);
    private static readonly ScalarCheck Boolean = new("boolean", ["boolean"]);
    private static readonly ScalarCheck IntOrText = new("string or integer", ["string", "integer"]);
    private static readonly ScalarCheck Quantity = new("string or number", ["string", "number", "integer"]);

    private static readonly ConcurrentDictionary<ResourceType, Lazy<ModelCheck>> Roots = new();

    // Compiling walks shared, recursive type graphs: one compilation at a time, each type once per process.
    private static readonly Lock Gate = new();
    private static readonly Dictionary<Type, ModelCheck> Compiled = [];
    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>True when there is a typed model for <paramref name="type"/> (the fallback when no schema is found).</summary>
    public static bool Knows(ResourceType type) => Generated.ContainsKey(type) || Models.Value.ContainsKey(type);

    /// <summary>True for the kinds the project generates (the typed-model schema location).</summary>
    public static bool Generates(ResourceType type) => Generated.ContainsKey(type);

    /// <param name="resource">A resource of a kind <see cref="Knows"/> has a model for.</param>
    /// <param name="strict">Unknown fields are findings (kubeconform's -strict); the other checks always apply.</param>
    public static IReadOnlyList<Finding> Validate(ManifestResource resource, bool strict)
    {
        var type = new ResourceType(resource.ApiVersion, resource.Kind);
        var root = Roots.GetOrAdd(type, t => new Lazy<ModelCheck>(() => Compile(Generated.GetValueOrDefault(t) ?? Models.Value[t]))).Value;
        var walk = new ModelWalk(resource, strict);
        root.Check(resource.Object, nullable: false, walk);
        return walk.Findings;
    }

    private static ResourceType KindOf(KubernetesEntityAttribute entity) =>
        new(entity.Group.Length == 0 ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}", entity.Kind);

    private static ModelCheck Compile(Type model)
    {
        lock (Gate)
        {
            return CheckOf(model);
        }
    }

    private static ModelCheck CheckOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (Compiled.TryGetValue(type, out var done))
        {
            return done;
        }

        if (Scalar(type) is { } scalar)
        {
            return scalar;
        }

        if (type == typeof(object) || typeof(JsonNode).IsAssignableFrom(type) || type == typeof(System.Text.Json.JsonElement))
        {
            return AnyCheck.Instance;
        }

        if (Generic(type, typeof(IDictionary<,>), typeof(Dictionary<,>), typeof(IReadOnlyDictionary<,>)) is [_, var valueType])
        {
            return new MapCheck(CheckOf(valueType));
        }

        if (Generic(type, typeof(IList<>), typeof(List<>), typeof(IReadOnlyList<>), typeof(IEnumerable<>)) is [var itemType])
        {
            return new ListCheck(CheckOf(itemType));
        }

        var check = new ObjectCheck();
        Compiled[type] = check;
        check.Fill(Fields(type));
        return check;
    }

    /// <summary>
    /// The fields of an object model under their JSON names: KubernetesClient's [JsonPropertyName]s, or for the
    /// project's own models the names its YAML serializer writes (camelCase, or a [YamlMember] alias).
    /// </summary>
    private static Dictionary<string, ModelField> Fields(Type type)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var kubernetes = properties.Any(p => p.IsDefined(typeof(JsonPropertyNameAttribute)));
        var required = KubernetesFieldRules.Required.GetValueOrDefault(type) ?? [];
        var fields = new Dictionary<string, ModelField>(StringComparer.Ordinal);
        foreach (var property in properties)
        {
            var name = kubernetes
                ? property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                : property.GetCustomAttribute<YamlMemberAttribute>()?.Alias ?? CamelCaseNamingConvention.Instance.Apply(property.Name);
            if (name is null)
            {
                continue;
            }

            var check = CheckOf(property.PropertyType);
            if (check is ScalarCheck text && KubernetesFieldRules.Enums.TryGetValue((type, name), out var values))
            {
                check = text.OneOf(values);
            }

            fields[name] = new ModelField(check, required.Contains(name) || Nullability.Create(property).ReadState == NullabilityState.NotNull);
        }

        return fields;
    }

    private static ScalarCheck? Scalar(Type type) => type switch
    {
        _ when type == typeof(string) || type == typeof(byte[]) => Text,
        _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => Timestamp,
        _ when type == typeof(int) || type == typeof(long) => Integer,
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => Number,
        _ when type == typeof(bool) => Boolean,
        _ when type == typeof(IntOrString) => IntOrText,
        _ when type == typeof(ResourceQuantity) => Quantity,
        _ => null,
    };

    private static Type[]? Generic(Type type, params Type[] definitions) =>
        type.IsGenericType && definitions.Contains(type.GetGenericTypeDefinition()) ? type.GetGenericArguments() : null;
}
