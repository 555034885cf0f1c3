using System.Text;
using k8s.Models;
using KanikoImages.Manifests.Output;
using KanikoImages.Validation.Resources;

namespace KanikoImages.Tests.Hostile;

/// <summary>
/// Any string written to the manifest reads back identical through a strict reader (Go YAML's character rules,
/// YAML 1.2 escapes): control characters, CR, NEL, line and paragraph separators, BOM, indicators, whitespace.
/// </summary>
public sealed class StringRoundTripTests
{
    private const int Cases = 3000;

    /// <summary>What random strings are drawn from: the characters YAML treats specially, and some ordinary ones.</summary>
    private static readonly string[] Pieces =
    [
        "a", "Z", "0", "9", " ", "  ", "\t", "\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029", "\uFEFF", "\u00A0",
        "\u001B", "\f", "\v", "\0", "\u0007", "\u007F", "\u0080", "\u009F", "\uFFFD", "\uFFFE", "é", "中", "😀",
        "#", ":", ": ", " #", "-", "- ", "?", "'", "\"", "\\", "|", ">", "!", "&", "*", "%", "@", "`", "{", "}",
        "[", "]", ",", "---", "...", "~", "null", "true", "yes", "0x1F", "1e3", ".inf", "<<", "=",
    ];

    public static TheoryData<string> Specials() =>
    [
        "\u001B[31mred\u001B[0m\n", "page\fbreak\n", "line\r\nend", "a\rb", "nel\u0085x", "ls\u2028ps\u2029",
        "\uFEFFbom", "  leading", "trailing  ", "\n", "\n\n", " \n", "x\n ", "\ttab\n", "#!/bin/sh\necho hi\n",
        "😀\n\u0001", "", "---\n...", "- a\n- b\n",
    ];

    [Theory]
    [MemberData(nameof(Specials))]
    public void A_special_string_round_trips(string value) => AssertRoundTrip(value);

    [Fact]
    public void Random_strings_round_trip_through_the_writer_and_a_strict_reader()
    {
        var random = new Random(21);
        for (var i = 0; i < Cases; i++)
        {
            var value = new StringBuilder();
            for (var n = random.Next(0, 12); n > 0; n--)
            {
                value.Append(Pieces[random.Next(Pieces.Length)]);
            }

            AssertRoundTrip(value.ToString());
        }
    }

    private static void AssertRoundTrip(string value)
    {
        var configMap = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = "strings" },
            Data = new Dictionary<string, string> { ["value"] = value, [value.Length == 0 ? "empty" : value] = "key" },
        };
        var yaml = Encoding.UTF8.GetString(YamlDocumentWriter.Write(configMap));

        IEnumerable<(System.Text.Json.Nodes.JsonNode? Node, int Line)> documents;
        try
        {
            documents = YamlJsonConverter.Documents(yaml, rejectDuplicateKeys: true);
        }
        catch (YamlDocumentException e)
        {
            throw new Xunit.Sdk.XunitException($"{Escape(value)} was written as YAML a strict reader refuses ({e.Message}):\n{yaml}");
        }

        var (node, _) = Assert.Single(documents);

        var data = node!["data"]!.AsObject();
        Assert.True(value == (string?)data["value"], $"{Escape(value)} read back as {Escape((string?)data["value"])} from:\n{yaml}");
        Assert.True(data.ContainsKey(value.Length == 0 ? "empty" : value), $"key {Escape(value)} missing in:\n{yaml}");
    }

    private static string Escape(string? text) =>
        text is null ? "null" : "\"" + string.Concat(text.Select(c => c is >= ' ' and < '\u007f' ? c.ToString() : $"\\u{(int)c:X4}")) + "\"";
}
