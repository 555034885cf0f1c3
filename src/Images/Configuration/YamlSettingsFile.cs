using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KanikoImages.Images.Configuration;

/// <summary>How a key's value is written in YAML.</summary>
internal enum ValueShape
{
    Scalar,
    List,
    Map,
}

/// <summary>A value read from a settings file, with the line it is on (for error messages).</summary>
internal sealed record YamlSetting(int Line, string? Scalar, IReadOnlyList<string> Items, IReadOnlyList<KeyValuePair<string, string>> Entries);

/// <summary>
/// Reads a YAML settings file (images.yaml, image.yaml) against a schema of dotted keys: nested mappings become
/// dotted paths ("git.url"), and any key the schema does not know is an error naming file, line and key, so a
/// typo never silently does nothing.
/// </summary>
internal static class YamlSettingsFile
{
    /// <summary>Settings files are read whole; a larger one cannot be meant (and would cost its size in memory many times).</summary>
    public const long MaxFileBytes = 4 * 1024 * 1024;

    /// <param name="fullPath">The file to read.</param>
    /// <param name="source">The name used in messages (repository-relative).</param>
    /// <param name="schema">Every known dotted key and its shape.</param>
    /// <param name="errors">Where problems go.</param>
    public static IReadOnlyDictionary<string, YamlSetting> Read(
        string fullPath, string source, IReadOnlyDictionary<string, ValueShape> schema, ErrorList errors)
    {
        var values = new Dictionary<string, YamlSetting>(StringComparer.Ordinal);
        YamlStream stream = [];
        try
        {
            if (new FileInfo(fullPath).Length > MaxFileBytes)
            {
                errors.Add(source, $"is larger than {MaxFileBytes / (1024 * 1024)} MiB; everything in it goes into objects the API server limits to 1.5 MiB");
                return values;
            }

            using var reader = BoundedYamlParser.OpenText(fullPath);
            stream.Load(new BoundedYamlParser(reader));
        }
        catch (YamlException e)
        {
            errors.Add(source, $"malformed YAML: {BoundedYamlParser.Reason(e)}", BoundedYamlParser.Line(e));
            return values;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(source, $"cannot be read: {e.Message}");
            return values;
        }

        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode))
        {
            return values;
        }

        if (stream.Documents.Count > 1)
        {
            errors.Add(source, "holds more than one YAML document; write one mapping", Line(stream.Documents[1].RootNode));
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add(source, "must be a mapping of settings (key: value)", Line(stream.Documents[0].RootNode));
            return values;
        }

        Walk(root, "", source, schema, values, errors);
        return values;
    }

    private static void Walk(
        YamlMappingNode mapping,
        string prefix,
        string source,
        IReadOnlyDictionary<string, ValueShape> schema,
        Dictionary<string, YamlSetting> values,
        ErrorList errors)
    {
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = prefix + ((keyNode as YamlScalarNode)?.Value ?? keyNode.ToString());
            if (schema.TryGetValue(key, out var shape))
            {
                if (Convert(valueNode, shape, key, source, errors) is { } value)
                {
                    values[key] = value;
                }
            }
            else if (schema.Keys.Any(k => k.StartsWith(key + ".", StringComparison.Ordinal)))
            {
                if (valueNode is YamlMappingNode nested)
                {
                    Walk(nested, key + ".", source, schema, values, errors);
                }
                else if (!IsNull(valueNode))
                {
                    errors.Add(source, $"'{key}' must be a mapping of its keys", Line(valueNode));
                }
            }
            else
            {
                errors.Add(source, $"unknown key '{key}'{DidYouMean(key, schema.Keys)}", Line(keyNode));
            }
        }
    }

    private static YamlSetting? Convert(YamlNode node, ValueShape shape, string key, string source, ErrorList errors)
    {
        var line = Line(node);
        if (IsNull(node))
        {
            return new YamlSetting(line, null, [], []);
        }

        switch (shape, node)
        {
            case (ValueShape.Scalar, YamlScalarNode scalar):
                return new YamlSetting(line, scalar.Value ?? "", [], []);
            case (ValueShape.List, YamlSequenceNode sequence) when sequence.Children.Any(IsNull):
                errors.Add(source, $"'{key}' holds a null item (~, null or nothing); quote it if the text is meant", Line(sequence.Children.First(IsNull)));
                return null;
            case (ValueShape.List, YamlSequenceNode sequence) when sequence.Children.All(c => c is YamlScalarNode):
                return new YamlSetting(line, null, sequence.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList(), []);
            case (ValueShape.Map, YamlMappingNode map) when map.Children.All(c => c.Key is YamlScalarNode && c.Value is YamlScalarNode):
                return new YamlSetting(
                    line,
                    null,
                    [],
                    map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", ((YamlScalarNode)c.Value).Value ?? "")).ToList());
        }

        var expected = shape switch
        {
            ValueShape.Scalar => "a single value",
            ValueShape.List => "a list of values",
            _ => "a mapping of name: value",
        };
        errors.Add(source, $"'{key}' must be {expected}", line);
        return null;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static int Line(YamlNode node) => (int)node.Start.Line;

    /// <summary>The closest known key by edit distance, when it is close enough to be a likely typo.</summary>
    internal static string DidYouMean(string key, IEnumerable<string> known)
    {
        var best = known
            .Select(k => (Key: k, Distance: EditDistance(key.ToLowerInvariant(), k.ToLowerInvariant())))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Key is not null && best.Distance <= Math.Max(2, key.Length / 3) ? $" (did you mean '{best.Key}'?)" : "";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
