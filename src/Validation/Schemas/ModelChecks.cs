using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KanikoImages.Validation.Resources;

namespace KanikoImages.Validation.Schemas;

/// <summary>
/// The findings of one document's walk and where the walk is. The path is kept as a stack of keys and indexes and
/// only rendered into a JSON pointer for a finding, so a valid document allocates no paths.
/// </summary>
internal sealed class ModelWalk(ManifestResource resource, bool strict)
{
    private readonly List<(string? Key, int Index)> _path = [];

    public bool Strict => strict;

    public List<Finding> Findings { get; } = [];

    public void Enter(string key) => _path.Add((key, 0));

    public void Enter(int index) => _path.Add((null, index));

    public void Leave() => _path.RemoveAt(_path.Count - 1);

    public void Add(string message)
    {
        var path = new StringBuilder();
        foreach (var (key, index) in _path)
        {
            path.Append('/').Append(key is null ? index.ToString(CultureInfo.InvariantCulture) : JsonText.Segment(key));
        }

        Findings.Add(Finding.For(resource, path.Length == 0 ? "/" : path.ToString(), message, ResourceStatus.Invalid, Layers.TypedModel));
    }
}

/// <summary>
/// One JSON value's check, compiled once from a model type (<see cref="TypedModelValidator"/>). Messages are worded
/// as kubeconform's (v0.7.0, strict): "got string, want integer or null", "additional properties 'x' not allowed",
/// "missing property 'name'", "value must be one of ...".
/// </summary>
internal abstract class ModelCheck
{
    /// <summary>The JSON type(s) the value takes, as the message names them ("integer", "string or integer").</summary>
    public abstract string Want { get; }

    /// <param name="nullable">Null is allowed (every optional field, list item and map value, as in the strict schemas).</param>
    public void Check(JsonNode? node, bool nullable, ModelWalk walk)
    {
        if (node is null)
        {
            if (!nullable)
            {
                walk.Add($"got null, want {Want}");
            }

            return;
        }

        CheckValue(node, nullable, walk);
    }

    protected abstract void CheckValue(JsonNode node, bool nullable, ModelWalk walk);

    protected void WrongType(JsonNode node, bool nullable, ModelWalk walk) =>
        walk.Add($"got {JsonType(node)}, want {Want}{(nullable ? " or null" : "")}");

    protected static string JsonType(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => IsInteger(node) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        _ => "object",
    };

    private static bool IsInteger(JsonNode node) => node.AsValue().TryGetValue<long>(out _) ||
        (node.AsValue().TryGetValue<double>(out var number) && Math.Floor(number) == number && double.IsFinite(number));
}

/// <summary>Anything goes: free-form fields (a model property typed object).</summary>
internal sealed class AnyCheck : ModelCheck
{
    public static AnyCheck Instance { get; } = new();

    public override string Want => "any";

    protected override void CheckValue(JsonNode node, bool nullable, ModelWalk walk)
    {
    }
}

/// <summary>A scalar of one or more JSON types, optionally one of a set of values or in date-time format.</summary>
internal sealed partial class ScalarCheck(string want, string[] types, IReadOnlyList<string>? allowed = null, bool dateTime = false) : ModelCheck
{
    public override string Want => want;

    /// <summary>The same scalar restricted to <paramref name="values"/> (a string field's enum).</summary>
    public ScalarCheck OneOf(IReadOnlyList<string> values) => new(want, types, values, dateTime);

    protected override void CheckValue(JsonNode node, bool nullable, ModelWalk walk)
    {
        var type = JsonType(node);
        if (!types.Contains(type))
        {
            WrongType(node, nullable, walk);
            return;
        }

        if (type != "string" || (allowed is null && !dateTime))
        {
            return;
        }

        var text = node.GetValue<string>();
        if (allowed is not null && !allowed.Contains(text, StringComparer.Ordinal))
        {
            walk.Add($"value must be one of {string.Join(", ", allowed.Select(v => JsonSerializer.Serialize(v)))}");
        }
        else if (dateTime && !(Rfc3339().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            walk.Add($"'{text}' is not valid date-time");
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();
}

/// <summary>A list: each item against the item check.</summary>
internal sealed class ListCheck(ModelCheck items) : ModelCheck
{
    public override string Want => "array";

    protected override void CheckValue(JsonNode node, bool nullable, ModelWalk walk)
    {
        if (node is not JsonArray array)
        {
            WrongType(node, nullable, walk);
            return;
        }

        for (var i = 0; i < array.Count; i++)
        {
            walk.Enter(i);
            items.Check(array[i], nullable: true, walk);
            walk.Leave();
        }
    }
}

/// <summary>A map with any keys: each value against the value check.</summary>
internal sealed class MapCheck(ModelCheck values) : ModelCheck
{
    public override string Want => "object";

    protected override void CheckValue(JsonNode node, bool nullable, ModelWalk walk)
    {
        if (node is not JsonObject map)
        {
            WrongType(node, nullable, walk);
            return;
        }

        foreach (var (key, value) in map)
        {
            walk.Enter(key);
            values.Check(value, nullable: true, walk);
            walk.Leave();
        }
    }
}

/// <summary>One field of an object model: its check and whether the model requires it.</summary>
internal sealed record ModelField(ModelCheck Check, bool Required);

/// <summary>
/// An object model: known fields only (under strict), each of its type, the required ones present. Filled after
/// construction so that recursive models (a field of the type itself) compile.
/// </summary>
internal sealed class ObjectCheck : ModelCheck
{
    private FrozenDictionary<string, ModelField> _fields = FrozenDictionary<string, ModelField>.Empty;
    private string[] _required = [];

    public override string Want => "object";

    public void Fill(IReadOnlyDictionary<string, ModelField> fields)
    {
        _fields = fields.ToFrozenDictionary(StringComparer.Ordinal);
        _required = fields.Where(f => f.Value.Required).Select(f => f.Key).Order(StringComparer.Ordinal).ToArray();
    }

    protected override void CheckValue(JsonNode node, bool nullable, ModelWalk walk)
    {
        if (node is not JsonObject obj)
        {
            WrongType(node, nullable, walk);
            return;
        }

        foreach (var (key, value) in obj)
        {
            if (_fields.TryGetValue(key, out var field))
            {
                walk.Enter(key);
                field.Check.Check(value, !field.Required, walk);
                walk.Leave();
            }
            else if (walk.Strict)
            {
                walk.Add($"additional properties '{key}' not allowed");
            }
        }

        List<string>? missing = null;
        foreach (var name in _required)
        {
            if (!obj.ContainsKey(name))
            {
                (missing ??= []).Add($"'{name}'");
            }
        }

        if (missing is not null)
        {
            walk.Add(missing.Count == 1 ? $"missing property {missing[0]}" : $"missing properties {string.Join(", ", missing)}");
        }
    }
}
