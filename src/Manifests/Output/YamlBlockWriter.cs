using System.Buffers;
using System.Text.Json;
using YamlDotNet.Core;

namespace KanikoImages.Manifests.Output;

/// <summary>
/// Writes the common documents without YamlDotNet's emitter, which analyses every scalar character by character and
/// was most of the cost of emitting a manifest. It covers block mappings and sequences of printable-ASCII scalars in
/// the styles the emitter gives them: plain, double-quoted without escapes, and literal blocks. Anything else (other
/// characters, a scalar the emitter would single-quote or escape, a long key, a sequence directly in a sequence,
/// an empty document) is refused, and the whole document goes through the emitter: the bytes are the emitter's
/// either way (YamlBlockWriterTests compares both on generated documents and on random trees).
/// </summary>
public static class YamlBlockWriter
{
    /// <summary>The longest key written here; libyaml (which YamlDotNet follows) refuses a simple key above 128 characters.</summary>
    private const int MaxKeyLength = 128;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _output;

    /// <summary>The document as the emitter would write it, or null when it holds anything this writer does not cover.</summary>
    /// <param name="leading">Keys written first at the top level, in this order.</param>
    public static byte[]? TryWrite(JsonElement root, IReadOnlyList<string> leading) =>
        Write(root, leading) is { } output ? output.WrittenSpan.ToArray() : null;

    /// <summary>
    /// Whether this writer writes <paramref name="root"/> (no leading keys) as exactly <paramref name="text"/>: the
    /// block reader's proof, compared in this thread's buffer without a copy.
    /// </summary>
    public static bool Writes(JsonElement root, ReadOnlySpan<char> text)
    {
        if (Write(root, []) is not { } output || output.WrittenCount != text.Length)
        {
            return false;
        }

        var written = output.WrittenSpan;
        for (var i = 0; i < written.Length; i++)
        {
            if (written[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>This thread's buffer holding the document, or null when the writer does not cover it.</summary>
    private static ArrayBufferWriter<byte>? Write(JsonElement root, IReadOnlyList<string> leading)
    {
        if (root.ValueKind != JsonValueKind.Object || root.GetPropertyCount() == 0)
        {
            return null;
        }

        var output = _output ??= new ArrayBufferWriter<byte>(16 * 1024);
        output.ResetWrittenCount();
        return Mapping(output, root, leading, indent: 0, inline: false) ? output : null;
    }

    /// <summary>A non-empty mapping's entries at <paramref name="indent"/>; <paramref name="inline"/>: the first follows a sequence's "- ".</summary>
    private static bool Mapping(ArrayBufferWriter<byte> output, JsonElement mapping, IReadOnlyList<string> leading, int indent, bool inline)
    {
        var first = true;
        foreach (var key in leading)
        {
            if (mapping.TryGetProperty(key, out var value))
            {
                if (!Entry(output, key, value, indent, inline && first))
                {
                    return false;
                }

                first = false;
            }
        }

        foreach (var property in mapping.EnumerateObject())
        {
            var name = property.Name;
            if (leading.Count > 0 && leading.Contains(name))
            {
                continue;
            }

            if (!Entry(output, name, property.Value, indent, inline && first))
            {
                return false;
            }

            first = false;
        }

        return true;
    }

    private static bool Entry(ArrayBufferWriter<byte> output, string key, JsonElement value, int indent, bool inline)
    {
        if (!inline)
        {
            Spaces(output, indent);
        }

        var style = YamlDocumentWriter.StyleOf(key);
        if (key.Length > MaxKeyLength || style is not (ScalarStyle.Any or ScalarStyle.DoubleQuoted) || !Scalar(output, key, style, indent))
        {
            return false;
        }

        Ascii(output, ":");
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when value.GetPropertyCount() > 0:
                Ascii(output, "\n");
                return Mapping(output, value, [], indent + 2, inline: false);
            case JsonValueKind.Array when value.GetArrayLength() > 0:
                // Block sequences in a mapping are not indented: their "- " stands at the key's column.
                Ascii(output, "\n");
                return Sequence(output, value, indent);
            default:
                Ascii(output, " ");
                return Node(output, value, indent);
        }
    }

    private static bool Sequence(ArrayBufferWriter<byte> output, JsonElement sequence, int indent)
    {
        foreach (var item in sequence.EnumerateArray())
        {
            Spaces(output, indent);
            Ascii(output, "- ");
            var written = item.ValueKind switch
            {
                JsonValueKind.Object when item.GetPropertyCount() > 0 => Mapping(output, item, [], indent + 2, inline: true),
                JsonValueKind.Array when item.GetArrayLength() > 0 => false,
                _ => Node(output, item, indent),
            };
            if (!written)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A value that follows "key: " or "- " on the same line, and the line's end.</summary>
    /// <param name="indent">The column of the key or the "-": a literal block's lines stand two further in.</param>
    private static bool Node(ArrayBufferWriter<byte> output, JsonElement value, int indent)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                Ascii(output, "{}\n");
                return true;
            case JsonValueKind.Array:
                Ascii(output, "[]\n");
                return true;
            case JsonValueKind.String:
                var text = value.GetString()!;
                return Scalar(output, text, YamlDocumentWriter.StyleOf(text), indent + 2) && EndLine(output);
            default:
                // Numbers, true, false, null: JSON's literal text, which the emitter writes plain.
                var raw = value.GetRawText();
                return Plain(raw) && Ascii(output, raw) && Ascii(output, "\n");
        }
    }

    /// <summary>Ends the line unless a literal block already did.</summary>
    private static bool EndLine(ArrayBufferWriter<byte> output)
    {
        if (output.WrittenSpan[^1] != (byte)'\n')
        {
            Ascii(output, "\n");
        }

        return true;
    }

    private static bool Scalar(ArrayBufferWriter<byte> output, string text, ScalarStyle style, int blockIndent) => style switch
    {
        ScalarStyle.Any => Plain(text) && Ascii(output, text),
        ScalarStyle.DoubleQuoted => Quotable(text) && Ascii(output, "\"") && Ascii(output, text) && Ascii(output, "\""),
        ScalarStyle.Literal => Literal(output, text, blockIndent),
        _ => false,
    };

    /// <summary>
    /// What the emitter writes plain in block context: printable ASCII that neither starts with an indicator or a
    /// document marker, nor holds ": " or " #", nor starts or ends with a space, nor ends with ':'.
    /// </summary>
    private static bool Plain(string text)
    {
        if (text.Length == 0 || !PrintableAscii(text))
        {
            return false;
        }

        var first = text[0];
        if (first is ' ' or '?' or ':' or ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`' ||
            (first == '-' && (text.Length == 1 || text[1] == ' ')))
        {
            return false;
        }

        return text[^1] is not (' ' or ':') &&
               !text.StartsWith("---", StringComparison.Ordinal) && !text.StartsWith("...", StringComparison.Ordinal) &&
               !text.Contains(": ", StringComparison.Ordinal) && !text.Contains(" #", StringComparison.Ordinal);
    }

    /// <summary>Double-quoted text the emitter writes without an escape.</summary>
    private static bool Quotable(string text) => PrintableAscii(text) && !text.Contains('"') && !text.Contains('\\');

    /// <summary>
    /// A literal block ("|" when the text ends with one line feed, "|-" with none), each line indented and empty lines
    /// left empty. Only what the emitter keeps literal: printable ASCII and line feeds, no space before a line feed or
    /// at the end (those make it double-quote), no leading blank (an indentation indicator) and not more than one final
    /// line feed ("|+", after which it marks the document's end).
    /// </summary>
    private static bool Literal(ArrayBufferWriter<byte> output, string text, int indent)
    {
        if (!Covers(text))
        {
            return false;
        }

        if (text[0] is ' ' or '\n' || text[^1] == ' ' || text.EndsWith("\n\n", StringComparison.Ordinal) ||
            text.Contains(" \n", StringComparison.Ordinal))
        {
            return false;
        }

        Ascii(output, text[^1] == '\n' ? "|\n" : "|-\n");
        foreach (var range in text.AsSpan().Split('\n'))
        {
            var line = text.AsSpan(range);
            if (line.Length > 0)
            {
                Spaces(output, indent);
                Ascii(output, line);
            }

            if (range.End.GetOffset(text.Length) < text.Length)
            {
                Ascii(output, "\n");
            }
        }

        return true;
    }

    /// <summary>Whether every character is printable ASCII or a line feed: the only characters this writer writes.</summary>
    public static bool Covers(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(PrintableOrLineFeed);

    private static bool PrintableAscii(string text) => !text.AsSpan().ContainsAnyExcept(Printable);

    /// <summary>' ' to '~'.</summary>
    private const string PrintableCharacters = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

    private static readonly SearchValues<char> Printable = SearchValues.Create(PrintableCharacters);

    private static readonly SearchValues<char> PrintableOrLineFeed = SearchValues.Create(PrintableCharacters + "\n");

    private static void Spaces(ArrayBufferWriter<byte> output, int count)
    {
        output.GetSpan(count)[..count].Fill((byte)' ');
        output.Advance(count);
    }

    /// <summary>Writes printable ASCII (checked by the caller) one byte per character.</summary>
    private static bool Ascii(ArrayBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        var span = output.GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }

        output.Advance(text.Length);
        return true;
    }
}
