using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KanikoImages.Validation.Resources;

/// <summary>
/// Finds the resources in files and folders, like kubeconform's resource finder: a folder is walked for
/// .yaml/.yml/.json files, a file is split into its documents, empty documents are dropped, and the items of a
/// <c>kind: List</c> come out one by one. A document that cannot be read becomes a resource with a
/// <see cref="ManifestResource.ReadError"/> (kubeconform's "error"), never an exception.
/// </summary>
public sealed partial class ResourceReader(bool strict)
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>The manifest files named by <paramref name="paths"/> (files, or folders walked in name order).</summary>
    public static IReadOnlyList<string> FindFiles(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new ValidationInputException($"{path}: no such file or folder to validate.");
            }
        }

        return files;
    }

    /// <summary>Every resource in <paramref name="paths"/>, in file and document order.</summary>
    /// <param name="paths">Files or folders.</param>
    /// <param name="name">How a file is named in the resources (e.g. repository-relative); default: as found.</param>
    public IReadOnlyList<ManifestResource> Read(IEnumerable<string> paths, Func<string, string>? name = null) =>
        FindFiles(paths).SelectMany(file => ReadText(name?.Invoke(file) ?? file, ReadFile(file))).ToList();

    private static string ReadFile(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ValidationInputException($"{file}: cannot be read: {e.Message}");
        }
    }

    /// <summary>The resources of one file's text; <paramref name="file"/> only names them.</summary>
    public IReadOnlyList<ManifestResource> ReadText(string file, string text)
    {
        var documents = file.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? string.IsNullOrWhiteSpace(text) ? [] : [ParseJson(text)]
            : SplitDocuments(text).AsParallel().AsOrdered().SelectMany(ParseYaml).ToList();

        var resources = new List<ManifestResource>();
        var index = 0;
        foreach (var document in documents.Where(d => d.Node is not null || d.Error is not null))
        {
            resources.AddRange(Resources(file, index++, document));
        }

        return resources;
    }

    private static IEnumerable<ManifestResource> Resources(string file, int index, ParsedDocument document)
    {
        var resource = new ManifestResource { File = file, DocumentIndex = index, Line = document.Line };
        if (document.Error is not null)
        {
            return [resource with { ReadError = document.Error }];
        }

        if (document.Node is not JsonObject root)
        {
            return [resource with { ReadError = $"the document is a {document.Node!.GetValueKind().ToString().ToLowerInvariant()}, not a mapping: a Kubernetes resource is a mapping with apiVersion and kind" }];
        }

        resource = Checked(resource with { Object = root });
        if (resource.ReadError is null && resource.Kind == "List" && root["items"] is JsonArray items)
        {
            // kubeconform checks the items of a List one by one; an empty List is no resource at all.
            return items.Select((item, i) => Checked(new ManifestResource
            {
                File = file,
                DocumentIndex = index,
                ItemIndex = i,
                Line = document.Line,
                Object = item as JsonObject,
                ReadError = item is JsonObject ? null : "the List item is not a mapping",
            }));
        }

        return [resource];
    }

    /// <summary>kubeconform's own checks, in its order and with its words.</summary>
    private static ManifestResource Checked(ManifestResource resource) => resource switch
    {
        { ReadError: not null } => resource,
        { Kind.Length: 0 } => resource with { ReadError = "missing 'kind' key" },
        { ApiVersion.Length: 0 } => resource with { ReadError = "missing 'apiVersion' key" },
        _ => resource,
    };

    private sealed record ParsedDocument(JsonNode? Node, int Line, string? Error);

    private sealed record Chunk(string Text, int FirstLine);

    /// <summary>
    /// Splits on "---" lines first, as kubeconform does, so a document that does not parse costs only itself and
    /// big files parse in parallel.
    /// </summary>
    private static List<Chunk> SplitDocuments(string text)
    {
        var chunks = new List<Chunk>();
        var start = 0;
        var startLine = 1;
        var line = 1;
        for (var position = 0; position < text.Length;)
        {
            var end = text.IndexOf('\n', position);
            var next = end < 0 ? text.Length : end + 1;
            if (position > start && IsSeparator(text.AsSpan(position, next - position)))
            {
                chunks.Add(new Chunk(text[start..position], startLine));
                start = position;
                startLine = line;
            }

            position = next;
            line++;
        }

        chunks.Add(new Chunk(text[start..], startLine));
        return chunks;
    }

    private static bool IsSeparator(ReadOnlySpan<char> line) =>
        line.StartsWith("---") && (line.Length == 3 || char.IsWhiteSpace(line[3]));

    private IEnumerable<ParsedDocument> ParseYaml(Chunk chunk)
    {
        try
        {
            return YamlJsonConverter.Documents(chunk.Text, strict)
                .Select(d => new ParsedDocument(d.Node, chunk.FirstLine + d.Line - 1, null))
                .ToList();
        }
        catch (YamlDocumentException e)
        {
            var line = chunk.FirstLine + Math.Max(e.Line, 1) - 1;
            return [new ParsedDocument(null, line, LineNumber().Replace(e.Message, $"line {line}"))];
        }
    }

    private ParsedDocument ParseJson(string text)
    {
        try
        {
            var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowDuplicateProperties = !strict };
            return new ParsedDocument(JsonNode.Parse(text, documentOptions: options), 1, null);
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            return new ParsedDocument(null, line, $"JSON parse error at line {line}: {e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]}");
        }
    }

    [GeneratedRegex(@"line \d+")]
    private static partial Regex LineNumber();
}
