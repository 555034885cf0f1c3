using System.Text;
using System.Text.Json;
using k8s;
using KanikoImages.Manifests.Output;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Manifests;

/// <summary>
/// The block writer must give YamlDotNet's emitter's very bytes for every document it takes, and refuse the rest
/// (which then go through the emitter). Each case compares the two on the same JSON.
/// </summary>
public sealed class YamlBlockWriterTests
{
    [Fact]
    public void Every_document_of_a_catalog_using_every_option_is_written_as_the_emitter_writes_it()
    {
        using var images = GoldenCatalog.EveryOption();
        var manifest = images.Generate(GoldenCatalog.Sources()).Manifest.Text();

        var taken = 0;
        foreach (var document in KubernetesYaml.LoadAllFromString(manifest))
        {
            using var json = JsonDocument.Parse(ModelJson.Serialize(document));
            taken += Compare(json.RootElement) ? 1 : 0;
        }

        // The Jobs and the guard's ConfigMap are ASCII throughout: the writer takes them.
        Assert.True(taken >= 8, $"the block writer took {taken} documents");
    }

    [Fact]
    public void Random_trees_of_edge_strings_are_written_as_the_emitter_writes_them_or_refused()
    {
        var random = new Random(23);
        var (taken, refused) = (0, 0);
        for (var i = 0; i < 20_000; i++)
        {
            using var json = JsonDocument.Parse(RandomYamlTrees.Mapping(random).ToJsonString());
            if (Compare(json.RootElement))
            {
                taken++;
            }
            else
            {
                refused++;
            }
        }

        // Both ways are exercised: a writer that refuses everything, or takes everything, fails here.
        Assert.True(taken > 2_000 && refused > 2_000, $"taken {taken}, refused {refused}");
    }

    [Theory]
    [InlineData("""{"a":"line\nnext"}""", "a: |-\n  line\n  next\n")]
    [InlineData("""{"a":"line\n\n  indented\n"}""", "a: |\n  line\n\n    indented\n")]
    [InlineData("""{"a":["x\ny\n",{"k":"v\nw"},{},[]]}""", "a:\n- |\n  x\n  y\n- k: |-\n    v\n    w\n- {}\n- []\n")]
    [InlineData("""{"kind":"K","apiVersion":"v","x":{"metadata":1},"metadata":{"name":"m"}}""", "apiVersion: v\nkind: K\nmetadata:\n  name: m\nx:\n  metadata: 1\n")]
    [InlineData("""{"a":["--flag=x:y#z","-1",-1,1.5e3,true,null,"","2"]}""", "a:\n- --flag=x:y#z\n- \"-1\"\n- -1\n- 1.5e3\n- true\n- null\n- \"\"\n- \"2\"\n")]
    public void Common_shapes_are_written_as_the_emitter_writes_them(string json, string yaml)
    {
        using var document = JsonDocument.Parse(json);
        Assert.True(Compare(document.RootElement));
        Assert.Equal(yaml, Encoding.UTF8.GetString(YamlBlockWriter.TryWrite(document.RootElement, ["apiVersion", "kind", "metadata"])!));
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"a":[["nested"]]}""")]
    [InlineData("""{"a":"caf\u00e9"}""")]
    [InlineData("""{"a":"it's: here"}""")]
    [InlineData("""{"a":"two\n\n"}""")]
    [InlineData("""{"a":"trailing \nspace"}""")]
    [InlineData("""{"a":"tab\there"}""")]
    [InlineData("""{"a":"\"quoted\" first"}""")]
    public void Documents_outside_the_covered_shapes_are_refused(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Null(YamlBlockWriter.TryWrite(document.RootElement, []));
    }

    [Fact]
    public void A_key_longer_than_a_simple_key_may_be_is_refused()
    {
        using var document = JsonDocument.Parse($$"""{"{{new string('k', 129)}}":"v","{{new string('k', 128)}}":"v"}""");
        Assert.Null(YamlBlockWriter.TryWrite(document.RootElement, []));
        using var shorter = JsonDocument.Parse($$"""{"{{new string('k', 128)}}":"v"}""");
        Assert.True(Compare(shorter.RootElement));
    }

    /// <summary>True when the block writer took the document, after checking its bytes are the emitter's.</summary>
    private static bool Compare(JsonElement root)
    {
        string[] leading = ["apiVersion", "kind", "metadata"];
        var direct = YamlBlockWriter.TryWrite(root, leading);
        if (direct is null)
        {
            return false;
        }

        Assert.Equal(Encoding.UTF8.GetString(YamlDocumentWriter.EmitWithYamlDotNet(root)), Encoding.UTF8.GetString(direct));
        return true;
    }
}
