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

        // Lines as ranges of the chunk: the reader allocates the keys and values it keeps, not a string per line.
        var lines = new List<Range>();
        for (var at = 0; at < chunk.Length;)
        {
            var end = chunk.IndexOf('\n', at);
            lines.Add(at..end);
            at = end + 1;
        }

        var start = 0;
        while (start < lines.Count && (chunk.AsSpan(lines[start]).StartsWith('#') || (start == 0 && chunk.AsSpan(lines[start]) is "---")))
        {
            start++;
        }

        var reader = new Reader(chunk, lines, start);
        if (reader.Mapping(indent: 0, inline: false, depth: 0) is not { Count: > 0 } root || reader.Next != lines.Count)
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
        var body = chunk.AsSpan(start < lines.Count ? lines[start].Start.Value : chunk.Length);
        return YamlBlockWriter.Writes(json.RootElement, body) ? (root, start + 1) : null;
    }

    private sealed class Reader(string chunk, List<Range> lines, int start)
    {
        /// <summary>The index of the first line not read yet.</summary>
        public int Next { get; private set; } = start;

        /// <summary>
        /// The entries at <paramref name="indent"/>; <paramref name="inline"/>: the first one stands on the current line
        /// after a sequence's "- " (which is at <paramref name="indent"/> - 2).
        /// </summary>
        public JsonObject? Mapping(int indent, bool inline, int depth)
        {
            if (depth > MaxDepth)
            {
                return null;
            }

            var mapping = new JsonObject();
            var first = inline;
            while (first || (NextAt(indent) && !ItemAt(indent)))
            {
                var text = Line(Next)[indent..];
                first = false;
                Next++;
                if (Key(text, out var rest) is not { } key || mapping.ContainsKey(key))
                {
                    return null;
                }

                if (rest.Length == 0)
                {
                    // A nested mapping two further in, or a sequence whose "- " stands at the key's column.
                    JsonNode? nested = ItemAt(indent) ? Sequence(indent, depth + 1)
                        : NextAt(indent + 2) ? Mapping(indent + 2, inline: false, depth + 1)
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
                var text = Line(Next)[(indent + 2)..];
                if (IsEntry(text))
                {
                    if (Mapping(indent + 2, inline: true, depth + 1) is not { } item)
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
        private bool Value(ReadOnlySpan<char> text, int indent, out JsonNode? value)
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
                    value = Literal(indent + 2, keepFinalBreak: text is "|");
                    return value is not null;
            }

            if (text[0] == '"')
            {
                if (Quoted(text, out var end) is not { } quoted || end != text.Length)
                {
                    return false;
                }

                value = JsonValue.Create(text[quoted].ToString());
                return true;
            }

            value = YamlJsonConverter.PlainValue(text.ToString());
            return Unambiguous(text);
        }

        /// <summary>
        /// Plain text in which every space is followed by a letter or digit. YamlDotNet reads "a *b: 1" as one string
        /// where YAML (and kubectl) read a key; what follows a space decides such readings, so nothing unusual may.
        /// </summary>
        private static bool Unambiguous(ReadOnlySpan<char> plain)
        {
            for (var at = 0; plain[at..].IndexOf(' ') is var space and >= 0; at += space + 1)
            {
                if (at + space + 1 >= plain.Length || !char.IsAsciiLetterOrDigit(plain[at + space + 1]))
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
            while (Next < lines.Count && (Line(Next).Length == 0 || Indentation(Line(Next)) >= indent))
            {
                text.Append(Line(Next).Length == 0 ? [] : Line(Next)[indent..]).Append('\n');
                Next++;
            }

            if (text.Length == 0)
            {
                return null;
            }

            return JsonValue.Create(keepFinalBreak ? text.ToString() : text.ToString(0, text.Length - 1));
        }

        /// <summary>A plain or double-quoted key and what follows its ':'.</summary>
        private static string? Key(ReadOnlySpan<char> text, out ReadOnlySpan<char> rest)
        {
            rest = [];
            ReadOnlySpan<char> key;
            int colon;
            if (text.StartsWith('"'))
            {
                if (Quoted(text, out colon) is not { } quoted)
                {
                    return null;
                }

                key = text[quoted];
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
            return key.ToString();
        }

        /// <summary>A mapping's first entry after "- " (a scalar the writer puts there never holds ": " or ends with ':').</summary>
        private static bool IsEntry(ReadOnlySpan<char> text) => text.StartsWith('"')
            ? Quoted(text, out var end) is not null && end < text.Length && text[end] == ':'
            : text.Contains(": ", StringComparison.Ordinal) || text.EndsWith(':');

        /// <summary>Text between double quotes with no escape in it (a range of <paramref name="text"/>); <paramref name="end"/> is the index after the closing quote.</summary>
        private static Range? Quoted(ReadOnlySpan<char> text, out int end)
        {
            var close = text[1..].IndexOfAny('"', '\\') + 1;
            end = close + 1;
            return close > 0 && text[close] == '"' ? 1..close : null;
        }

        private ReadOnlySpan<char> Line(int index) => chunk.AsSpan(lines[index]);

        /// <summary>Whether the next line starts at <paramref name="indent"/>.</summary>
        private bool NextAt(int indent) => Next < lines.Count && Indentation(Line(Next)) == indent;

        /// <summary>Whether the next line is a sequence item whose "- " stands at <paramref name="indent"/>.</summary>
        private bool ItemAt(int indent) => NextAt(indent) && Line(Next)[indent..].StartsWith("- ");

        private static int Indentation(ReadOnlySpan<char> line)
        {
            var spaces = line.IndexOfAnyExcept(' ');
            return spaces < 0 ? line.Length : spaces;
        }
    }
}
