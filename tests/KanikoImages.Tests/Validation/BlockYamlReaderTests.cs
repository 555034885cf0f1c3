using System.Text;
using System.Text.Json;
using KanikoImages.Manifests.Output;
using KanikoImages.Tests.Manifests;
using KanikoImages.Tests.Support;
using KanikoImages.Validation.Resources;

namespace KanikoImages.Tests.Validation;

/// <summary>
/// The block reader must give the JSON and line YamlDotNet's parser gives for every document it takes, and take
/// nothing whose meaning it might get wrong: each case compares it with the parser on the same text.
/// </summary>
public sealed class BlockYamlReaderTests
{
    [Fact]
    public void Every_document_of_a_generated_manifest_is_read_as_the_parser_reads_it()
    {
        using var images = GoldenCatalog.EveryOption();
        var manifest = images.Generate(GoldenCatalog.Sources()).Manifest.Text();

        var chunks = DocumentSplitter.Split(new StringReader(manifest)).ToList();
        var taken = chunks.Count(chunk => Compare(chunk.Text));

        // The header's comments, the Jobs and the guard's ConfigMap are all in the written form.
        Assert.True(taken >= chunks.Count - 2, $"the block reader took {taken} of {chunks.Count} documents");
    }

    [Fact]
    public void Random_written_trees_are_read_as_the_parser_reads_them()
    {
        var random = new Random(29);
        var taken = 0;
        for (var i = 0; i < 10_000; i++)
        {
            taken += Compare("---\n" + Written(RandomYamlTrees.Mapping(random).ToJsonString())) ? 1 : 0;
        }

        Assert.True(taken > 2_000, $"taken {taken}");
    }

    /// <summary>
    /// Written documents with one edit each (a character added, removed or changed, a line repeated, indented or
    /// dropped, a comment): whatever the reader takes, it reads as the parser does, and it takes nothing the
    /// parser refuses.
    /// </summary>
    [Fact]
    public void Edited_documents_are_read_as_the_parser_reads_them_or_left_to_it()
    {
        var random = new Random(31);
        string[] inserts = [" ", "  ", ":", ": ", "-", "- ", "#", " #", "\"", "'", "|", "{}", "[]", "\n", "---\n", "&a ", "*a", "!!str ", "? ", "0", "yes"];
        var (taken, refused) = (0, 0);
        for (var i = 0; i < 20_000; i++)
        {
            var text = Written(RandomYamlTrees.Mapping(random).ToJsonString());
            var lines = text.Split('\n')[..^1].ToList();
            var at = random.Next(lines.Count);
            switch (random.Next(6))
            {
                case 0:
                    var position = random.Next(lines[at].Length + 1);
                    lines[at] = lines[at].Insert(position, inserts[random.Next(inserts.Length)]);
                    break;
                case 1 when lines[at].Length > 0:
                    lines[at] = lines[at].Remove(random.Next(lines[at].Length), 1);
                    break;
                case 2:
                    lines.Insert(at, lines[at]);
                    break;
                case 3:
                    lines[at] = "  " + lines[at];
                    break;
                case 4 when lines.Count > 1:
                    lines.RemoveAt(at);
                    break;
                default:
                    lines.Insert(at, "# a comment");
                    break;
            }

            if (Compare(string.Join('\n', lines) + "\n"))
            {
                taken++;
            }
            else
            {
                refused++;
            }
        }

        Assert.True(taken > 1_000 && refused > 1_000, $"taken {taken}, refused {refused}");
    }

    [Theory]
    [InlineData("a: 1\na: 2\n")]
    [InlineData("a: yes\n")]
    [InlineData("a: \"plain\"\n")]
    [InlineData("a: 1.0\n")]
    [InlineData("a: b # comment\n")]
    [InlineData("a:\n  b: 1\n# inside\n  c: 2\n")]
    [InlineData("a: &x 1\nb: *x\n")]
    [InlineData("a: {b: 1}\n")]
    [InlineData("a: |\n  text\n\n")]
    [InlineData("a: x\r\n")]
    [InlineData("a *b: 1\n")]
    [InlineData("a: b *c\n")]
    public void Text_outside_the_written_form_is_left_to_the_parser(string text) =>
        Assert.Null(BlockYamlReader.TryRead(text));

    [Fact]
    public void A_document_nested_deeper_than_the_reader_goes_is_left_to_the_parser()
    {
        var deep = string.Concat(Enumerable.Range(0, 40).Select(d => new string(' ', 2 * d) + "k:\n")) + new string(' ', 80) + "k: v\n";
        var shallow = string.Concat(Enumerable.Range(0, 20).Select(d => new string(' ', 2 * d) + "k:\n")) + new string(' ', 40) + "k: v\n";

        Assert.Null(BlockYamlReader.TryRead(deep));
        Assert.True(Compare(shallow));
    }

    /// <summary>True when the block reader took the text, after checking it read what the parser reads.</summary>
    private static bool Compare(string text)
    {
        var direct = BlockYamlReader.TryRead(text);
        if (direct is not { } read)
        {
            return false;
        }

        var parsed = YamlJsonConverter.Parsed(text, rejectDuplicateKeys: true).ToList();
        var only = Assert.Single(parsed);
        Assert.Equal(only.Line, read.Line);
        Assert.Equal(only.Node!.ToJsonString(), read.Node.ToJsonString());
        return true;
    }

    /// <summary>The tree as the project writes it: the block writer, or the emitter for what the writer leaves to it.</summary>
    private static string Written(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Encoding.UTF8.GetString(YamlBlockWriter.TryWrite(document.RootElement, []) ?? YamlDocumentWriter.EmitWithYamlDotNet(document.RootElement));
    }
}
