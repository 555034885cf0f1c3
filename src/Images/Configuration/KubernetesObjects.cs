using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace KanikoImages.Images.Configuration;

/// <summary>A bad value inside a structured setting: the message names its path, the line is where it is.</summary>
internal sealed class SettingValueException(string message, int line) : FormatException(message)
{
    public int Line { get; } = line;
}

/// <summary>
/// Reads a YAML value as a KubernetesClient model (V1Toleration, V1Affinity, ...) by the models' own JSON field
/// names, strictly: a field the model does not have, a value of the wrong kind, or an enumerated field (a
/// toleration's operator) with a value Kubernetes rejects is an error naming the path ("tolerations[0].operator")
/// and its line, instead of a field the API server drops or refuses only when Argo CD syncs.
/// </summary>
internal static class KubernetesObjects
{
    /// <summary>The values the API server accepts for enumerated string fields (k8s.io/api core/v1 types.go).</summary>
    private static readonly Dictionary<(Type, string), string[]> Enumerated = new()
    {
        [(typeof(V1Toleration), "operator")] = ["Exists", "Equal"],
        [(typeof(V1Toleration), "effect")] = ["NoSchedule", "PreferNoSchedule", "NoExecute"],
        [(typeof(V1NodeSelectorRequirement), "operator")] = ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"],
        [(typeof(V1LabelSelectorRequirement), "operator")] = ["In", "NotIn", "Exists", "DoesNotExist"],
    };

    public static T Read<T>(YamlNode node, string path) => (T)Read(node, typeof(T), path)!;

    public static IReadOnlyList<T> ReadList<T>(YamlNode node, string path) =>
        ((IList<T>)Read(node, typeof(IList<T>), path)!).ToList();

    private static object? Read(YamlNode node, Type type, string path)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (YamlSettingsFile.IsNull(node))
        {
            return null;
        }

        if (target == typeof(string) || target.IsPrimitive)
        {
            return node is YamlScalarNode scalar
                ? Scalar(scalar, target, path)
                : throw new SettingValueException($"'{path}' must be a single value", Line(node));
        }

        if (Generic(target, typeof(IDictionary<,>)) is [var keyType, var valueType] && keyType == typeof(string))
        {
            var mapping = node as YamlMappingNode ?? throw new SettingValueException($"'{path}' must be a mapping of name: value", Line(node));
            var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(keyType, valueType))!;
            foreach (var (key, value) in mapping.Children)
            {
                var name = ((YamlScalarNode)key).Value ?? "";
                dictionary[name] = Read(value, valueType, $"{path}.{name}");
            }

            return dictionary;
        }

        if (Generic(target, typeof(IList<>)) is [var itemType])
        {
            var sequence = node as YamlSequenceNode ?? throw new SettingValueException($"'{path}' must be a list", Line(node));
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(itemType))!;
            for (var i = 0; i < sequence.Children.Count; i++)
            {
                list.Add(Read(sequence.Children[i], itemType, $"{path}[{i}]"));
            }

            return list;
        }

        return Model(node, target, path);
    }

    private static object Model(YamlNode node, Type type, string path)
    {
        var mapping = node as YamlMappingNode ?? throw new SettingValueException($"'{path}' must be a mapping of its fields", Line(node));
        var fields = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name))
            .Where(f => f.Name is not null)
            .ToDictionary(f => f.Name!, f => f.Property, StringComparer.Ordinal);
        var model = Activator.CreateInstance(type)!;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!fields.TryGetValue(key, out var property))
            {
                throw new SettingValueException(
                    $"'{path}' has no field '{key}'{YamlSettingsFile.DidYouMean(key, fields.Keys)}", Line(keyNode));
            }

            var value = Read(valueNode, property.PropertyType, $"{path}.{key}");
            // Empty is Kubernetes' default for these fields (Equal, every effect) and accepted.
            if (value is string { Length: > 0 } text && Enumerated.TryGetValue((type, key), out var allowed) && !allowed.Contains(text, StringComparer.Ordinal))
            {
                throw new SettingValueException(
                    $"'{path}.{key}' '{text}' is not accepted by Kubernetes; use {string.Join(", ", allowed.SkipLast(1))} or {allowed[^1]}",
                    Line(valueNode));
            }

            property.SetValue(model, value);
        }

        return model;
    }

    private static object Scalar(YamlScalarNode scalar, Type type, string path)
    {
        var text = scalar.Value ?? "";
        object? value = type switch
        {
            _ when type == typeof(string) => text,
            _ when type == typeof(bool) => text switch { "true" => true, "false" => false, _ => null },
            _ when type == typeof(int) => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : null,
            _ when type == typeof(long) => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null,
            _ when type == typeof(double) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
            _ => null,
        };
        var kind = type == typeof(bool) ? "true or false" : "a number";
        return value ?? throw new SettingValueException($"'{path}' '{text}' is not {kind}", Line(scalar));
    }

    /// <summary>The type arguments when <paramref name="type"/> is or implements the generic interface.</summary>
    private static Type[]? Generic(Type type, Type definition) =>
        (type.IsGenericType && type.GetGenericTypeDefinition() == definition ? type : null)?.GetGenericArguments()
        ?? type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition)?.GetGenericArguments();

    private static int Line(YamlNode node) => (int)node.Start.Line;
}
