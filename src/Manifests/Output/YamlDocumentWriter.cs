using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KanikoImages.Manifests.Output;

/// <summary>
/// One Kubernetes object as a YAML document. The object goes through KubernetesClient's own JSON form
/// (<see cref="ModelJson"/>, the bytes of KubernetesJson: the models' property names, null omission and converters
/// for quantities and binary data), and YamlDotNet's emitter writes that tree as YAML (<see cref="YamlBlockWriter"/> writes the
/// common documents with the same bytes, without the emitter). KubernetesYaml.Serialize gives the same documents, but its
/// reflection-based serializer took 6-10 s for 10,000 Jobs here; this takes a fraction of that.
/// </summary>
public static partial class YamlDocumentWriter
{
    /// <summary>Written first at the top level, as kubectl and KubernetesYaml do; the rest keeps the model's order.</summary>
    private static readonly string[] LeadingKeys = ["apiVersion", "kind", "metadata"];

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The document as UTF-8 text, ending with a line feed.</summary>
    /// <param name="rendered">Documents written before (the render cache); null: always emit.</param>
    public static byte[] Write(object document, RenderedDocuments? rendered = null)
    {
        var json = ModelJson.Serialize(document);
        return rendered is null ? Emit(json) : rendered.Render(json, () => Emit(json));
    }

    /// <summary>Each thread's UTF-8 output, kept between documents: the emitter writes character by character, and a
    /// fresh buffer per document grew block by block and was copied twice (to a string, then to UTF-8).</summary>
    [ThreadStatic]
    private static StreamWriter? _output;

    private static byte[] Emit(byte[] text)
    {
        using var json = JsonDocument.Parse(text);
        return YamlBlockWriter.TryWrite(json.RootElement, LeadingKeys) ?? EmitWithYamlDotNet(json.RootElement);
    }

    /// <summary>The document through YamlDotNet's emitter, which every document could take (<see cref="YamlBlockWriter"/> covers the common ones).</summary>
    internal static byte[] EmitWithYamlDotNet(JsonElement root)
    {
        // Taken, and put back only after a whole document: one that fails leaves no characters behind for the next.
        var writer = _output ?? new StreamWriter(new MemoryStream(), Utf8, 16 * 1024) { NewLine = "\n" };
        _output = null;
        var buffer = (MemoryStream)writer.BaseStream;
        buffer.SetLength(0);
        var emitter = new Emitter(writer, EmitterSettings.Default.WithNewLine("\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Mapping(emitter, root, LeadingKeys);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        writer.Flush();
        var yaml = buffer.ToArray();
        _output = writer;
        return yaml;
    }

    private static void Node(IEmitter emitter, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                Mapping(emitter, element, []);
                break;
            case JsonValueKind.Array:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
                foreach (var item in element.EnumerateArray())
                {
                    Node(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValueKind.String:
                String(emitter, element.GetString()!);
                break;
            default:
                // Numbers, true, false, null: JSON's literal text is the same YAML scalar.
                emitter.Emit(new Scalar(null, null, element.GetRawText(), ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
        }
    }

    private static void Mapping(IEmitter emitter, JsonElement element, string[] leading)
    {
        emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
        foreach (var key in leading)
        {
            if (element.TryGetProperty(key, out var value))
            {
                String(emitter, key);
                Node(emitter, value);
            }
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!leading.Contains(property.Name))
            {
                String(emitter, property.Name);
                Node(emitter, property.Value);
            }
        }

        emitter.Emit(new MappingEnd());
    }

    /// <summary>
    /// A string reads back identical (YAML 1.2) and as a string (YAML 1.1, kubectl and Argo CD): text a YAML 1.1
    /// reader would take for a number, boolean, null or timestamp is double-quoted; multi-line text is a literal
    /// block when a block can carry it; anything a block or plain scalar cannot carry (control characters, CR, NEL,
    /// line separators, a BOM, text of only whitespace) is double-quoted, where YAML escapes it; the emitter quotes
    /// whatever else plain style cannot carry.
    /// </summary>
    private static void String(IEmitter emitter, string value) =>
        emitter.Emit(new Scalar(null, null, value, StyleOf(value), isPlainImplicit: true, isQuotedImplicit: true));

    /// <summary>The style asked of the emitter for a string (see <see cref="String"/>); Any lets it choose plain or quoted.</summary>
    internal static ScalarStyle StyleOf(string value) =>
        value.Length == 0 || (MayResolveOtherwise(value) && NonString().IsMatch(value)) || !BlockSafe(value) ? ScalarStyle.DoubleQuoted
            : value.Contains('\n') && !char.IsWhiteSpace(value[0]) ? ScalarStyle.Literal // leading blank lines trip block scanners
            : value.Contains('\t') || value.Contains('\n') ? ScalarStyle.DoubleQuoted // plain would lose a trailing tab
            : ScalarStyle.Any;

    /// <summary>
    /// Whether every character may stand unescaped in a block scalar and reads back as itself: Go YAML's printable
    /// characters (kubectl refuses others) without the line breaks a reader folds into '\n' (CR, NEL, U+2028,
    /// U+2029) and without the BOM; and some character that is not whitespace, which a block needs to keep its lines.
    /// </summary>
    private static bool BlockSafe(string value)
    {
        var visible = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                visible = true;
                continue;
            }

            if (!(c is '\t' or '\n' or >= ' ' and <= '~' || (c >= '\u00A0' && c <= '\uD7FF' && c is not '\u2028' and not '\u2029') ||
                  (c >= '\uE000' && c <= '\uFFFD' && c != '\uFEFF')))
            {
                return false;
            }

            visible |= !char.IsWhiteSpace(c);
        }

        return visible;
    }

    /// <summary>
    /// False only where <see cref="NonString"/> cannot match, from how its alternatives begin (most keys and values are
    /// settled without running it): every one starts with a digit, '.', '~', '&lt;', '=', a sign before a digit or '.', or
    /// one of the words' first letters; a word is at most 5 letters, and '$' allows a final line feed after it.
    /// </summary>
    private static bool MayResolveOtherwise(string value) => value[0] switch
    {
        >= '0' and <= '9' or '.' or '~' or '<' or '=' => true,
        '-' or '+' => value.Length > 1 && (char.IsAsciiDigit(value[1]) || value[1] == '.'),
        'n' or 'N' or 'y' or 'Y' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' => value.Length <= 6,
        _ => false,
    };

    /// <summary>What YAML 1.1 resolves to something else than a string: null and bool words, merge and value keys,
    /// integers (binary, octal, hex, decimal, sexagesimal), floats (also 1e3, .inf, .nan) and timestamps.</summary>
    [GeneratedRegex(
        @"^(~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|<<|=" +
        @"|[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])*)" +
        @"|[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+" +
        @"|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)" +
        @"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?)$")]
    private static partial Regex NonString();
}
