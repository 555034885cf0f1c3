using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using KanikoImages.Manifests.Output;

namespace KanikoImages.Tests.Manifests;

/// <summary>
/// The writer's exact bytes for strings at the edges of its style choice (YAML 1.1 words, numbers, timestamps, the
/// line feed a regular expression's $ allows, indicators, blanks): a faster style decision must not change one byte.
/// </summary>
public sealed class YamlWriterBytesTests
{
    /// <summary>What the random strings are made of: the pieces of YAML 1.1's non-string forms and of plain text.</summary>
    private static readonly string[] Pieces =
    [
        "0", "1", "7", "9", "_", ":", "-", "+", ".", "e", "E", "x", "b", "o", "O", "T", "t", " ", "\n", "\t", "inf", "Inf", "nan",
        "NaN", "null", "Null", "yes", "Yes", "no", "NO", "on", "off", "true", "False", "y", "n", "~", "<<", "=", "2001-12-14",
        "a", "é", "#", ": ", "'", "\"",
    ];

    [Theory]
    [InlineData("yes", "data:\n  k: \"yes\"\n  \"yes\": v\n")]
    [InlineData("Yes", "data:\n  k: \"Yes\"\n  \"Yes\": v\n")]
    [InlineData("YES", "data:\n  k: \"YES\"\n  \"YES\": v\n")]
    [InlineData("yES", "data:\n  k: yES\n  yES: v\n")]
    [InlineData("no", "data:\n  k: \"no\"\n  \"no\": v\n")]
    [InlineData("nO", "data:\n  k: nO\n  nO: v\n")]
    [InlineData("y", "data:\n  k: \"y\"\n  \"y\": v\n")]
    [InlineData("n", "data:\n  k: \"n\"\n  \"n\": v\n")]
    [InlineData("y\n", "data:\n  k: \"y\\n\"\n  ? \"y\\n\"\n  : v\n")]
    [InlineData("on", "data:\n  k: \"on\"\n  \"on\": v\n")]
    [InlineData("off\n", "data:\n  k: \"off\\n\"\n  ? \"off\\n\"\n  : v\n")]
    [InlineData("offline", "data:\n  k: offline\n  offline: v\n")]
    [InlineData("true", "data:\n  k: \"true\"\n  \"true\": v\n")]
    [InlineData("tRUE", "data:\n  k: tRUE\n  tRUE: v\n")]
    [InlineData("false\n", "data:\n  k: \"false\\n\"\n  ? \"false\\n\"\n  : v\n")]
    [InlineData("null\n", "data:\n  k: \"null\\n\"\n  ? \"null\\n\"\n  : v\n")]
    [InlineData("nulls", "data:\n  k: nulls\n  nulls: v\n")]
    [InlineData("Null", "data:\n  k: \"Null\"\n  \"Null\": v\n")]
    [InlineData("~", "data:\n  k: \"~\"\n  \"~\": v\n")]
    [InlineData("~x", "data:\n  k: ~x\n  ~x: v\n")]
    [InlineData("=", "data:\n  k: \"=\"\n  \"=\": v\n")]
    [InlineData("==", "data:\n  k: ==\n  ==: v\n")]
    [InlineData("<<", "data:\n  k: \"<<\"\n  \"<<\": v\n")]
    [InlineData("<", "data:\n  k: <\n  <: v\n")]
    [InlineData("<<<", "data:\n  k: <<<\n  <<<: v\n")]
    [InlineData("0o17", "data:\n  k: \"0o17\"\n  \"0o17\": v\n")]
    [InlineData("0o", "data:\n  k: 0o\n  0o: v\n")]
    [InlineData("017", "data:\n  k: \"017\"\n  \"017\": v\n")]
    [InlineData("0b101", "data:\n  k: \"0b101\"\n  \"0b101\": v\n")]
    [InlineData("0b", "data:\n  k: 0b\n  0b: v\n")]
    [InlineData("0x1F", "data:\n  k: \"0x1F\"\n  \"0x1F\": v\n")]
    [InlineData("0x_", "data:\n  k: \"0x_\"\n  \"0x_\": v\n")]
    [InlineData("0xg", "data:\n  k: 0xg\n  0xg: v\n")]
    [InlineData("1:20", "data:\n  k: \"1:20\"\n  \"1:20\": v\n")]
    [InlineData("1:60", "data:\n  k: 1:60\n  1:60: v\n")]
    [InlineData("190:20:30.15", "data:\n  k: \"190:20:30.15\"\n  \"190:20:30.15\": v\n")]
    [InlineData("12:30:45", "data:\n  k: \"12:30:45\"\n  \"12:30:45\": v\n")]
    [InlineData("1_000", "data:\n  k: \"1_000\"\n  \"1_000\": v\n")]
    [InlineData("_1", "data:\n  k: _1\n  _1: v\n")]
    [InlineData("1e3", "data:\n  k: \"1e3\"\n  \"1e3\": v\n")]
    [InlineData("1E+3", "data:\n  k: \"1E+3\"\n  \"1E+3\": v\n")]
    [InlineData("6.8523015e+5", "data:\n  k: \"6.8523015e+5\"\n  \"6.8523015e+5\": v\n")]
    [InlineData("1e", "data:\n  k: 1e\n  1e: v\n")]
    [InlineData(".5", "data:\n  k: \".5\"\n  \".5\": v\n")]
    [InlineData(".", "data:\n  k: \".\"\n  \".\": v\n")]
    [InlineData("-.", "data:\n  k: \"-.\"\n  \"-.\": v\n")]
    [InlineData("+.", "data:\n  k: \"+.\"\n  \"+.\": v\n")]
    [InlineData("-", "data:\n  k: '-'\n  '-': v\n")]
    [InlineData("+", "data:\n  k: +\n  +: v\n")]
    [InlineData("-1", "data:\n  k: \"-1\"\n  \"-1\": v\n")]
    [InlineData("+1", "data:\n  k: \"+1\"\n  \"+1\": v\n")]
    [InlineData("-x", "data:\n  k: -x\n  -x: v\n")]
    [InlineData("--flag", "data:\n  k: --flag\n  --flag: v\n")]
    [InlineData("-- x", "data:\n  k: -- x\n  -- x: v\n")]
    [InlineData("+x", "data:\n  k: +x\n  +x: v\n")]
    [InlineData(".inf", "data:\n  k: \".inf\"\n  \".inf\": v\n")]
    [InlineData("-.Inf", "data:\n  k: \"-.Inf\"\n  \"-.Inf\": v\n")]
    [InlineData("+.INF", "data:\n  k: \"+.INF\"\n  \"+.INF\": v\n")]
    [InlineData(".nan", "data:\n  k: \".nan\"\n  \".nan\": v\n")]
    [InlineData(".NaN", "data:\n  k: \".NaN\"\n  \".NaN\": v\n")]
    [InlineData(".NAN", "data:\n  k: \".NAN\"\n  \".NAN\": v\n")]
    [InlineData("-.nan", "data:\n  k: -.nan\n  -.nan: v\n")]
    [InlineData("2001-12-14", "data:\n  k: \"2001-12-14\"\n  \"2001-12-14\": v\n")]
    [InlineData("2001-12-14t21:59:43.10-05:00", "data:\n  k: \"2001-12-14t21:59:43.10-05:00\"\n  \"2001-12-14t21:59:43.10-05:00\": v\n")]
    [InlineData("2001-12-14 21:59", "data:\n  k: \"2001-12-14 21:59\"\n  \"2001-12-14 21:59\": v\n")]
    [InlineData("2001-1-1", "data:\n  k: \"2001-1-1\"\n  \"2001-1-1\": v\n")]
    [InlineData("2001-12-14\n", "data:\n  k: \"2001-12-14\\n\"\n  ? \"2001-12-14\\n\"\n  : v\n")]
    [InlineData("20011-12-14", "data:\n  k: 20011-12-14\n  20011-12-14: v\n")]
    [InlineData(" lead", "data:\n  k: ' lead'\n  ' lead': v\n")]
    [InlineData("trail ", "data:\n  k: 'trail '\n  'trail ': v\n")]
    [InlineData(" ", "data:\n  k: \" \"\n  \" \": v\n")]
    [InlineData("\t", "data:\n  k: \"\t\"\n  \"\t\": v\n")]
    [InlineData("a\tb", "data:\n  k: \"a\tb\"\n  \"a\tb\": v\n")]
    [InlineData("trail\t", "data:\n  k: \"trail\t\"\n  \"trail\t\": v\n")]
    [InlineData("multi\nline", "data:\n  k: |-\n    multi\n    line\n  ? |-\n    multi\n    line\n  : v\n")]
    [InlineData("multi\nline\n", "data:\n  k: |\n    multi\n    line\n  ? |\n    multi\n    line\n  : v\n")]
    [InlineData("\nlead", "data:\n  k: \"\\nlead\"\n  ? \"\\nlead\"\n  : v\n")]
    [InlineData("x: y", "data:\n  k: 'x: y'\n  'x: y': v\n")]
    [InlineData("# c", "data:\n  k: '# c'\n  '# c': v\n")]
    [InlineData("a #b", "data:\n  k: 'a #b'\n  'a #b': v\n")]
    [InlineData("a#b", "data:\n  k: a#b\n  a#b: v\n")]
    [InlineData("- a", "data:\n  k: '- a'\n  '- a': v\n")]
    [InlineData("-a", "data:\n  k: -a\n  -a: v\n")]
    [InlineData("? q", "data:\n  k: '? q'\n  '? q': v\n")]
    [InlineData("?q", "data:\n  k: ?q\n  ?q: v\n")]
    [InlineData("'q'", "data:\n  k: \"'q'\"\n  \"'q'\": v\n")]
    [InlineData("\"q\"", "data:\n  k: '\"q\"'\n  '\"q\"': v\n")]
    [InlineData("@x", "data:\n  k: '@x'\n  '@x': v\n")]
    [InlineData("`x", "data:\n  k: '`x'\n  '`x': v\n")]
    [InlineData("%x", "data:\n  k: '%x'\n  '%x': v\n")]
    [InlineData("!x", "data:\n  k: '!x'\n  '!x': v\n")]
    [InlineData("&x", "data:\n  k: '&x'\n  '&x': v\n")]
    [InlineData("*x", "data:\n  k: '*x'\n  '*x': v\n")]
    [InlineData("|x", "data:\n  k: '|x'\n  '|x': v\n")]
    [InlineData(">x", "data:\n  k: '>x'\n  '>x': v\n")]
    [InlineData("{x", "data:\n  k: '{x'\n  '{x': v\n")]
    [InlineData("[x", "data:\n  k: '[x'\n  '[x': v\n")]
    [InlineData("x,y", "data:\n  k: x,y\n  x,y: v\n")]
    [InlineData("namespace", "data:\n  k: namespace\n  namespace: v\n")]
    [InlineData("name", "data:\n  k: name\n  name: v\n")]
    [InlineData("nope", "data:\n  k: nope\n  nope: v\n")]
    [InlineData("fals", "data:\n  k: fals\n  fals: v\n")]
    [InlineData("\uD83D\uDE00", "data:\n  k: \"\\U0001F600\"\n  \"\\U0001F600\": v\n")]
    [InlineData("\u00E9", "data:\n  k: \u00E9\n  \u00E9: v\n")]
    [InlineData("\u00A0x", "data:\n  k: \u00A0x\n  \u00A0x: v\n")]
    [InlineData("---", "data:\n  k: '---'\n  '---': v\n")]
    [InlineData("...", "data:\n  k: '...'\n  '...': v\n")]
    [InlineData("--- x", "data:\n  k: '--- x'\n  '--- x': v\n")]
    [InlineData("50m", "data:\n  k: 50m\n  50m: v\n")]
    [InlineData("64Mi", "data:\n  k: 64Mi\n  64Mi: v\n")]
    [InlineData("1", "data:\n  k: \"1\"\n  \"1\": v\n")]
    [InlineData("600", "data:\n  k: \"600\"\n  \"600\": v\n")]
    [InlineData("0.5", "data:\n  k: \"0.5\"\n  \"0.5\": v\n")]
    public void A_string_at_the_edge_of_a_style_is_written_as_before(string value, string document) =>
        Assert.Equal(document, Encoding.UTF8.GetString(Write(value)));

    /// <summary>20,000 random strings of those pieces, as the writer wrote them when this test was made.</summary>
    [Fact]
    public void Random_strings_of_the_edge_pieces_are_written_as_before() =>
        Assert.Equal("28ceaba12115b65245efc1becfdcb1ec1d8bb5acf621ed08587dc31d409d627f", CorpusDigest());

    private static string CorpusDigest()
    {
        var random = new Random(19);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var i = 0; i < 20_000; i++)
        {
            var value = new StringBuilder();
            for (var n = random.Next(1, 6); n > 0; n--)
            {
                value.Append(Pieces[random.Next(Pieces.Length)]);
            }

            sha.AppendData(Write(value.ToString()));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static byte[] Write(string value) =>
        YamlDocumentWriter.Write(new V1ConfigMap { Data = new Dictionary<string, string> { ["k"] = value, [value.Length == 0 ? "e" : value] = "v" } });
}
