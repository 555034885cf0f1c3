using System.Net.Sockets;
using System.Text;
using KanikoImages.Manifests.Output;
using KanikoImages.Tests.Support;
using KanikoImages.Validation;
using KanikoImages.Validation.Resources;
using KanikoImages.Validation.Schemas;

namespace KanikoImages.Tests.Validation;

/// <summary>Finding the resources: documents, Lists, JSON, folders, and input that is not a resource.</summary>
public sealed class ResourceReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Documents_are_numbered_without_the_empty_ones_and_lists_are_expanded()
    {
        const string yaml = """
            ---
            # only a comment
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: a}
            ---
            ---
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}
            - {apiVersion: v1, kind: Secret, metadata: {name: c}}
            """;

        var resources = new ResourceReader(strict: true).ReadText("m.yaml", yaml);

        Assert.Equal(["ConfigMap/a@0", "ConfigMap/b@1.0", "Secret/c@1.1"], resources.Select(r => $"{r.Kind}/{r.Name}@{r.DocumentIndex}{(r.ItemIndex is { } i ? "." + i : "")}"));
        Assert.Equal(4, resources[0].Line);
        Assert.All(resources, r => Assert.Null(r.ReadError));
    }

    [Fact]
    public void Plain_scalars_resolve_like_kubeconforms_yaml_and_quoted_ones_stay_strings()
    {
        var resource = new ResourceReader(strict: true).ReadText("m.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: a}
            data: {port: 80, quoted: "80", flag: yes, nothing: ~, ratio: 0.5, octal: 0755, name: web}
            """).Single();

        var data = resource.Object!["data"]!;
        Assert.Equal(80L, data["port"]!.GetValue<long>());
        Assert.Equal("80", data["quoted"]!.GetValue<string>());
        Assert.True(data["flag"]!.GetValue<bool>());
        Assert.Null(data["nothing"]);
        Assert.Equal(0.5, data["ratio"]!.GetValue<double>());
        Assert.Equal(493L, data["octal"]!.GetValue<long>());
        Assert.Equal("web", data["name"]!.GetValue<string>());
    }

    [Fact]
    public void A_document_that_does_not_parse_is_an_error_with_its_line_and_the_others_are_still_read()
    {
        const string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: [unclosed\nmetadata: {}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: c}\n";

        var resources = new ResourceReader(strict: true).ReadText("m.yaml", yaml);

        Assert.Equal(3, resources.Count);
        Assert.Null(resources[0].ReadError);
        Assert.StartsWith("YAML parse error at line ", resources[1].ReadError);
        Assert.Matches(@"line [67]\b", resources[1].ReadError);
        Assert.Equal("Secret", resources[2].Kind);
    }

    [Theory]
    [InlineData("just some words, not a manifest\n", "not a mapping")]
    [InlineData("metadata: {name: a}\n", "missing 'kind' key")]
    [InlineData("kind: ConfigMap\nmetadata: {name: a}\n", "missing 'apiVersion' key")]
    [InlineData("\u0001\u0002 binary", "YAML parse error at line 1")]
    public void Input_that_is_not_a_resource_is_a_clear_error(string text, string message)
    {
        var resource = new ResourceReader(strict: true).ReadText("m.yaml", text).Single();

        Assert.Contains(message, resource.ReadError);
    }

    [Fact]
    public void Duplicate_keys_are_an_error_only_under_strict()
    {
        const string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: one}\ndata: {k: two}\n";

        var strict = new ResourceReader(strict: true).ReadText("m.yaml", yaml).Single();
        var lax = new ResourceReader(strict: false).ReadText("m.yaml", yaml).Single();

        Assert.Equal("YAML parse error at line 5: key \"data\" already set in map", strict.ReadError);
        Assert.Equal("two", lax.Object!["data"]!["k"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void A_file_is_split_on_separator_lines_as_it_is_read_keeping_its_text_and_line_numbers(string newline)
    {
        // Documents longer than the reader's buffer, a "---" that starts no new document, a lone CR, no final newline.
        var text = new StringBuilder();
        var firstLines = new List<int>();
        var line = 1;
        for (var i = 0; i < 40; i++)
        {
            firstLines.Add(line);
            text.Append(i == 0 ? "" : "--- # next" + newline);
            text.Append($"kind: ConfigMap{newline}data:{newline}  big: {new string('x', 5000)}\rstill a line{newline}  rule: ---not-a-separator{newline}");
            line += i == 0 ? 4 : 5;
        }

        text.Append("---");
        firstLines.Add(line);

        var documents = DocumentSplitter.Split(new StringReader(text.ToString())).ToList();

        Assert.Equal(text.ToString(), string.Concat(documents.Select(d => d.Text)));
        Assert.Equal(firstLines, documents.Select(d => d.FirstLine));
    }

    [Fact]
    public void A_file_that_cannot_be_opened_is_a_user_error()
    {
        // The tests run as root, where permissions do not stop reads; a socket cannot be opened as a file at all.
        var path = Path.Combine(_dir.Path, "agent.yaml");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));

        var error = Assert.Throws<ValidationInputException>(() => ManifestValidator.Validate([path], new ValidationOptions()));

        Assert.StartsWith($"{path}: cannot be read: ", error.Message);
    }

    [Fact]
    public void An_empty_file_has_no_resources_and_validates_clean()
    {
        var empty = _dir.Write("empty.yaml", "");
        var emptyJson = _dir.Write("empty.json", "  \n");

        var result = ManifestValidator.Validate([empty, emptyJson], new ValidationOptions { SchemaLocations = [SchemaLocation.TypedModel] });

        Assert.Equal(0, result.Summary.Documents);
        Assert.False(result.Failed);
    }

    [Fact]
    public void A_folder_is_walked_for_yaml_and_json_files_only()
    {
        _dir.Write("a/one.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        _dir.Write("a/b/two.json", "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"b\"}}");
        _dir.Write("a/three.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
        _dir.Write("a/notes.txt", "kind: nothing");

        var resources = new ResourceReader(strict: true).Read([Path.Combine(_dir.Path, "a")]);

        Assert.Equal(["a", "b", "c"], resources.Select(r => r.Name).Order());
    }

    [Fact]
    public void A_path_that_does_not_exist_is_a_user_error()
    {
        var missing = Path.Combine(_dir.Path, "nope.yaml");

        var error = Assert.Throws<ValidationInputException>(() => ManifestValidator.Validate([missing], new ValidationOptions()));

        Assert.Equal($"{missing}: no such file or folder to validate.", error.Message);
    }
}
