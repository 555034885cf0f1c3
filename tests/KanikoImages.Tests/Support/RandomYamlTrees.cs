using System.Text;
using System.Text.Json.Nodes;

namespace KanikoImages.Tests.Support;

/// <summary>
/// Random JSON trees of the shapes manifests have (nested mappings and sequences, empty ones, numbers, booleans,
/// nulls), whose keys and strings are mostly words with pieces at the edges of YAML's scalar styles in them.
/// </summary>
public static class RandomYamlTrees
{
    /// <summary>Characters at the edges of the plain, quoted and literal styles, and ordinary text.</summary>
    private static readonly string[] Pieces =
    [
        "a", "b", "Z", "0", "7", "-", "--", "---", ".", "...", ":", ": ", " :", "#", " #", "# ", "?", ",", "[", "]", "{", "}",
        "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", "\\", "/", "=", "+", "~", "_", " ", "  ", "\n", "\n\n", " \n", "\t",
        "\r", "\u00e9", "\u2028", "yes", "null", "1e3", "0x1F", "<<", "2001-12-14", "x: y", "- z",
    ];

    /// <summary>A non-empty mapping at the top.</summary>
    public static JsonObject Mapping(Random random) => Mapping(random, depth: 0);

    private static JsonObject Mapping(Random random, int depth)
    {
        var mapping = new JsonObject();
        for (var n = random.Next(depth == 0 ? 1 : 0, 4); n > 0; n--)
        {
            mapping[Text(random, allowEmpty: false)] = Node(random, depth + 1);
        }

        return mapping;
    }

    private static JsonNode? Node(Random random, int depth) => random.Next(depth < 4 ? 9 : 5) switch
    {
        0 => JsonValue.Create(random.Next(-5, 5000)),
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => null,
        3 or 4 => JsonValue.Create(Text(random, allowEmpty: true)),
        5 or 6 => Mapping(random, depth),
        _ => new JsonArray(Enumerable.Range(0, random.Next(0, 4)).Select(_ => Node(random, depth + 1)).ToArray()),
    };

    /// <summary>Mostly ordinary words, often one edge piece in them.</summary>
    private static string Text(Random random, bool allowEmpty)
    {
        var text = new StringBuilder();
        for (var n = random.Next(allowEmpty ? 0 : 1, 5); n > 0; n--)
        {
            text.Append(random.Next(3) == 0 ? Pieces[random.Next(Pieces.Length)] : "word");
        }

        return text.Length == 0 && !allowEmpty ? "k" : text.ToString();
    }
}
