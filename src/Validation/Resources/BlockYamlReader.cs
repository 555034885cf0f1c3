using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KanikoImages.Manifests.Output;

namespace KanikoImages.Validation.Resources;

/// <summary>
/// Reads a document in exactly the form the project writes (<see cref="YamlBlockWriter"/>: block mappings and
/// sequences of printable-ASCII scalars, plain, double-quoted without escapes or literal) without YamlDotNet's
/// parser, which was most of the cost of reading a generated manifest. Scalars take their values from
/// <see cref="YamlJsonConverter"/>'s own rules. The result is kept only when writing it back gives the document's
/// very bytes: any other text (a comment inside, flow style, an anchor, another indentation, a duplicate key, a
/// value that would read otherwise) returns null and goes through YamlDotNet as before.
/// </summary>
internal static class BlockYamlReader
{
    /// <summary>Deeper documents go to the bounded parser, which reports them.</summary>
    private const int MaxDepth = 32;

    /// <summary>Each thread's buffer for the JSON the proof writes back from.</summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _json;

    /// <summary>The document's JSON and its 1-based line in <paramref name="chunk"/>, or null when it is not in the written form.</summary>
    /// <param name="chunk">One document: full-line comments and a "---" line may come first.</param>
    public static (JsonNode Node, int Line)? TryRead(string chunk)
    {
        if (chunk.Length == 0 || chunk[^1] != '\n' || !YamlBlockWriter.Covers(chunk))
        {
            return null;
        }

        var lines = chunk.Split('\n')[..^1];
        var start = 0;
        while (start < lines.Length && (lines[start].StartsWith('#') || (lines[start] == "---" && start == 0)))
        {
            start++;
        }

        var reader = new Reader(lines, start);
        if (reader.Mapping(indent: 0, inline: null, depth: 0) is not { Count: > 0 } root || reader.Next != lines.Length)
        {
            return null;
        }

        // The proof: the writer, which gives the emitter's bytes (YamlBlockWriterTests), writes this JSON as this text.
        var utf8 = _json ??= new ArrayBufferWriter<byte>(16 * 1024);
        utf8.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(utf8))
        {
            root.WriteTo(writer);
        }

        using var json = JsonDocument.Parse(utf8.WrittenMemory);
        var written = YamlBlockWriter.TryWrite(json.RootElement, []);
        var body = chunk.AsSpan(lines.Take(start).Sum(l => l.Length + 1));
        return written is not null && SameAscii(written, body) ? (root, start + 1) : null;
    }

    private static bool SameAscii(byte[] written, ReadOnlySpan<char> text)
    {
        if (written.Length != text.Length)
        {
            return false;
        }

        for (var i = 0; i < written.Length; i++)
        {
            if (written[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    private sealed class Reader(string[] lines, int start)
    {
        /// <summary>The index of the first line not read yet.</summary>
        public int Next { get; private set; } = start;

        /// <summary>The entries at <paramref name="indent"/>; <paramref name="inline"/>: the first one's text after a sequence's "- ".</summary>
        public JsonObject? Mapping(int indent, string? inline, int depth)
        {
            if (depth > MaxDepth)
            {
                return null;
            }

            var mapping = new JsonObject();
            var first = inline;
            while (first is not null || (NextAt(indent) && !ItemAt(indent)))
            {
                var text = first ?? lines[Next][indent..];
                first = null;
                Next++;
                if (Key(text, out var rest) is not { } key || mapping.ContainsKey(key))
                {
                    return null;
                }

                if (rest.Length == 0)
                {
                    // A nested mapping two further in, or a sequence whose "- " stands at the key's column.
                    JsonNode? nested = ItemAt(indent) ? Sequence(indent, depth + 1)
                        : NextAt(indent + 2) ? Mapping(indent + 2, null, depth + 1)
                        : null;
                    if (nested is null)
                    {
                        return null;
                    }

                    mapping[key] = nested;
                }
                else if (rest[0] != ' ' || !Value(rest[1..], indent, out var value))
                {
                    return null;
                }
                else
                {
                    mapping[key] = value;
                }
            }

            return mapping;
        }

        private JsonArray? Sequence(int indent, int depth)
        {
            var sequence = new JsonArray();
            while (ItemAt(indent))
            {
                var text = lines[Next][(indent + 2)..];
                if (IsEntry(text))
                {
                    if (Mapping(indent + 2, text, depth + 1) is not { } item)
                    {
                        return null;
                    }

                    sequence.Add(item);
                    continue;
                }

                Next++;
                if (!Value(text, indent, out var value))
                {
                    return null;
                }

                sequence.Add(value);
            }

            return sequence;
        }

        /// <summary>A value written on its key's or its "- "'s line: {}, [], a literal block (its lines follow), or a scalar.</summary>
        private bool Value(string text, int indent, out JsonNode? value)
        {
            value = null;
            if (text.Length == 0)
            {
                return false;
            }

            switch (text)
            {
                case "{}":
                    value = new JsonObject();
                    return true;
                case "[]":
                    value = new JsonArray();
                    return true;
                case "|" or "|-":
                    value = Literal(indent + 2, keepFinalBreak: text == "|");
                    return value is not null;
            }

            if (text[0] == '"')
            {
                if (Quoted(text, out var end) is not { } quoted || end != text.Length)
                {
                    return false;
                }

                value = JsonValue.Create(quoted);
                return true;
            }

            value = YamlJsonConverter.PlainValue(text);
            return Unambiguous(text);
        }

        /// <summary>
        /// Plain text in which every space is followed by a letter or digit. YamlDotNet reads "a *b: 1" as one string
        /// where YAML (and kubectl) read a key; what follows a space decides such readings, so nothing unusual may.
        /// </summary>
        private static bool Unambiguous(string plain)
        {
            for (var i = plain.IndexOf(' '); i >= 0; i = plain.IndexOf(' ', i + 1))
            {
                if (i + 1 >= plain.Length || !char.IsAsciiLetterOrDigit(plain[i + 1]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The lines of a literal block at <paramref name="indent"/>; empty lines are empty.</summary>
        private JsonValue? Literal(int indent, bool keepFinalBreak)
        {
            var text = new StringBuilder();
            while (Next < lines.Length && (lines[Next].Length == 0 || Indentation(lines[Next]) >= indent))
            {
                text.Append(lines[Next].Length == 0 ? "" : lines[Next][indent..]).Append('\n');
                Next++;
            }

            if (text.Length == 0)
            {
                return null;
            }

            return JsonValue.Create(keepFinalBreak ? text.ToString() : text.ToString(0, text.Length - 1));
        }

        /// <summary>A plain or double-quoted key and what follows its ':'.</summary>
        private static string? Key(string text, out string rest)
        {
            rest = "";
            string key;
            int colon;
            if (text.StartsWith('"'))
            {
                if (Quoted(text, out colon) is not { } quoted)
                {
                    return null;
                }

                key = quoted;
            }
            else
            {
                colon = text.IndexOf(": ", StringComparison.Ordinal);
                colon = colon >= 0 ? colon : text.EndsWith(':') ? text.Length - 1 : -1;
                if (colon <= 0)
                {
                    return null;
                }

                key = text[..colon];
                if (!Unambiguous(key))
                {
                    return null;
                }
            }

            if (colon >= text.Length || text[colon] != ':')
            {
                return null;
            }

            rest = text[(colon + 1)..];
            return key;
        }

        /// <summary>A mapping's first entry after "- " (a scalar the writer puts there never holds ": " or ends with ':').</summary>
        private static bool IsEntry(string text) => text.StartsWith('"')
            ? Quoted(text, out var end) is not null && end < text.Length && text[end] == ':'
            : text.Contains(": ", StringComparison.Ordinal) || text.EndsWith(':');

        /// <summary>Text between double quotes with no escape in it; <paramref name="end"/> is the index after the closing quote.</summary>
        private static string? Quoted(string text, out int end)
        {
            var close = text.IndexOfAny(['"', '\\'], 1);
            end = close + 1;
            return close > 0 && text[close] == '"' ? text[1..close] : null;
        }

        /// <summary>Whether the next line starts at <paramref name="indent"/>.</summary>
        private bool NextAt(int indent) => Next < lines.Length && Indentation(lines[Next]) == indent;

        /// <summary>Whether the next line is a sequence item whose "- " stands at <paramref name="indent"/>.</summary>
        private bool ItemAt(int indent) => NextAt(indent) && lines[Next].AsSpan(indent).StartsWith("- ");

        private static int Indentation(string line)
        {
            var spaces = line.AsSpan().IndexOfAnyExcept(' ');
            return spaces < 0 ? line.Length : spaces;
        }
    }
}
