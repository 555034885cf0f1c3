using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KanikoImages.Images.Configuration;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KanikoImages.Validation.Resources;

/// <summary>A document that could not be turned into JSON, with the 1-based line of the problem.</summary>
public sealed class YamlDocumentException(string message, int line) : Exception(message)
{
    public int Line { get; } = line;
}

/// <summary>
/// Turns YAML documents into JSON the way kubeconform does (sigs.k8s.io/yaml over yaml.v2): untagged plain
/// scalars resolve with YAML 1.1 rules (80 is a number, yes is a boolean, ~ is null), keys become strings,
/// and under strict a key repeated in one mapping is an error.
/// </summary>
public static partial class YamlJsonConverter
{
    /// <summary>Each document of <paramref name="yaml"/> (null for an empty one), with the line it starts on.</summary>
    public static IEnumerable<(JsonNode? Node, int Line)> Documents(string yaml, bool rejectDuplicateKeys)
    {
        // A document in the form this project writes is read without the parser, to the same JSON.
        if (BlockYamlReader.TryRead(yaml) is { } written)
        {
            return [written];
        }

        return Parsed(yaml, rejectDuplicateKeys);
    }

    /// <summary><see cref="Documents"/> through YamlDotNet's parser, which reads every document.</summary>
    internal static IEnumerable<(JsonNode? Node, int Line)> Parsed(string yaml, bool rejectDuplicateKeys)
    {
        // yaml.v2 refuses characters outside YAML's printable set; YamlDotNet would read them into a string.
        var control = FirstNonPrintable(yaml);
        if (control >= 0)
        {
            var line = yaml.AsSpan(0, control).Count('\n') + 1;
            throw new YamlDocumentException($"YAML parse error at line {line}: control characters are not allowed", line);
        }

        var parser = new BoundedYamlParser(new StringReader(yaml));
        var reader = new Reader(parser, rejectDuplicateKeys);
        return reader.Documents();
    }

    /// <summary>yaml.v2's is_printable for the characters of one UTF-16 unit; surrogate pairs (U+10000 on) are printable too.</summary>
    private static readonly System.Buffers.SearchValues<char> Printable = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, 0x10000).Select(c => (char)c)
            .Where(c => c is '\t' or '\n' or '\r' or '\u0085' or (>= ' ' and <= '~') or (>= '\u00A0' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD'))
            .ToArray());

    /// <summary>The index of the first character yaml.v2 refuses, or -1.</summary>
    private static int FirstNonPrintable(string yaml)
    {
        var offset = 0;
        while (yaml.AsSpan(offset).IndexOfAnyExcept(Printable) is var found and >= 0)
        {
            var i = offset + found;
            if (!(char.IsHighSurrogate(yaml[i]) && i + 1 < yaml.Length && char.IsLowSurrogate(yaml[i + 1])))
            {
                return i;
            }

            offset = i + 2;
        }

        return -1;
    }

    private sealed class Reader(IParser parser, bool rejectDuplicateKeys)
    {
        private readonly Dictionary<string, JsonNode?> _anchors = new(StringComparer.Ordinal);

        public IEnumerable<(JsonNode? Node, int Line)> Documents()
        {
            var documents = new List<(JsonNode?, int)>();
            Wrap(() =>
            {
                parser.Consume<StreamStart>();
                while (parser.TryConsume<DocumentStart>(out _))
                {
                    _anchors.Clear();
                    var line = (int)(parser.Current?.Start.Line ?? 1);
                    var node = ReadNode();
                    parser.Consume<DocumentEnd>();
                    documents.Add((node, line));
                }

                parser.Consume<StreamEnd>();
            });
            return documents;
        }

        private void Wrap(Action read)
        {
            try
            {
                read();
            }
            catch (YamlException e)
            {
                var line = BoundedYamlParser.Line(e) ?? 1;
                throw new YamlDocumentException($"YAML parse error at line {line}: {BoundedYamlParser.Reason(e)}", line);
            }
        }

        private JsonNode? ReadNode()
        {
            var current = parser.Current ?? throw new YamlDocumentException("unexpected end of the document", 0);
            switch (current)
            {
                case AnchorAlias alias:
                    parser.MoveNext();
                    return _anchors.TryGetValue(alias.Value.Value, out var anchored)
                        ? anchored?.DeepClone()
                        : throw new YamlDocumentException($"unknown alias *{alias.Value.Value}", (int)alias.Start.Line);
                case Scalar scalar:
                    parser.MoveNext();
                    return Remember(scalar.Anchor, ScalarValue(scalar));
                case SequenceStart sequence:
                {
                    parser.MoveNext();
                    var array = new JsonArray();
                    while (!parser.TryConsume<SequenceEnd>(out _))
                    {
                        array.Add(ReadNode());
                    }

                    return Remember(sequence.Anchor, array);
                }

                case MappingStart mapping:
                {
                    parser.MoveNext();
                    var map = new JsonObject();
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        // Keys become strings as sigs.k8s.io/yaml makes them (5, 3.14 and true stay as written).
                        if (parser.Current is not Scalar keyEvent)
                        {
                            throw new YamlDocumentException("a mapping key must be a scalar", (int)parser.Current!.Start.Line);
                        }

                        parser.MoveNext();
                        var key = keyEvent.Value;
                        var value = ReadNode();
                        if (map.ContainsKey(key))
                        {
                            if (rejectDuplicateKeys)
                            {
                                throw new YamlDocumentException(
                                    $"YAML parse error at line {keyEvent.Start.Line}: key \"{key}\" already set in map", (int)keyEvent.Start.Line);
                            }

                            map.Remove(key);
                        }

                        map[key] = value;
                    }

                    return Remember(mapping.Anchor, map);
                }

                default:
                    throw new YamlDocumentException($"unexpected {current.GetType().Name}", (int)current.Start.Line);
            }
        }

        private JsonNode? Remember(AnchorName anchor, JsonNode? node)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = node;
            }

            return node;
        }
    }

    private static JsonNode? ScalarValue(Scalar scalar)
    {
        var tag = scalar.Tag.IsEmpty ? "" : scalar.Tag.Value;
        if (tag is "tag:yaml.org,2002:str" or "!!str" || (tag.Length == 0 && scalar.Style != ScalarStyle.Plain))
        {
            return JsonValue.Create(scalar.Value);
        }

        return PlainValue(scalar.Value);
    }

    /// <summary>An untagged plain scalar's value: its YAML 1.1 type, null, or the text itself.</summary>
    internal static JsonNode? PlainValue(string text) => Resolve(text) ?? (IsNull(text) ? null : JsonValue.Create(text));

    /// <summary>The YAML 1.1 type of an untagged plain scalar (yaml.v2's resolve table); null for null or a string.</summary>
    private static JsonValue? Resolve(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        switch (text)
        {
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "y" or "Y" or "on" or "On" or "ON":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "n" or "N" or "off" or "Off" or "OFF":
                return JsonValue.Create(false);
        }

        var first = text[0];
        if (!char.IsAsciiDigit(first) && first is not ('-' or '+' or '.'))
        {
            return null;
        }

        var plain = text.Replace("_", "", StringComparison.Ordinal);
        if (DecimalInteger().IsMatch(plain) && long.TryParse(plain, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (plain.StartsWith("0x", StringComparison.Ordinal) &&
            long.TryParse(plain[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return JsonValue.Create(hex);
        }

        if (OctalInteger().IsMatch(plain))
        {
            return JsonValue.Create(Convert.ToInt64(plain, 8));
        }

        if (Float().IsMatch(plain) && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) &&
            double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        return null;
    }

    private static bool IsNull(string text) => text is "" or "~" or "null" or "Null" or "NULL";

    [GeneratedRegex("^[-+]?(0|[1-9][0-9]*)$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex("^0[0-7]+$")]
    private static partial Regex OctalInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
