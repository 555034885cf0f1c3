using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KanikoImages.Images.Configuration;
using KanikoImages.Manifests.Output;

namespace KanikoImages.Validation.Resources;

/// <summary>
/// Finds the resources in files and folders, like kubeconform's resource finder: a folder is walked for
/// .yaml/.yml/.json files, a file is split into its documents, empty documents are dropped, and the items of a
/// <c>kind: List</c> come out one by one. A document that cannot be read becomes a resource with a
/// <see cref="ManifestResource.ReadError"/> (kubeconform's "error"), never an exception.
/// </summary>
/// <param name="known">Documents valid before (the validation cache) and the schemas they must still have; null: parse every document.</param>
public sealed partial class ResourceReader(bool strict, (ValidatedDocuments Cache, SchemaLayer Schemas)? known = null)
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

    /// <summary>
    /// The resources of <paramref name="paths"/>, read as they are enumerated: a file is split into documents while
    /// it is read and each document is parsed when it is asked for, so memory never holds the whole file.
    /// </summary>
    /// <param name="paths">Files or folders.</param>
    /// <param name="name">How a file is named in the resources (e.g. repository-relative); default: as found.</param>
    public IEnumerable<ManifestResource> Read(IEnumerable<string> paths, Func<string, string>? name = null) =>
        Numbered(Chunks(FindFiles(paths), name));

    /// <summary>The resources of one file's text; <paramref name="file"/> only names them.</summary>
    public IReadOnlyList<ManifestResource> ReadText(string file, string text) => Numbered(Chunks(file, new StringReader(text))).ToList();

    /// <summary>
    /// The chunks of <paramref name="files"/> in file order, split while each file is read: what <see cref="Parse"/>
    /// turns into resources, one chunk independently of the others (so chunks can be parsed in parallel).
    /// </summary>
    /// <exception cref="ValidationInputException">A file cannot be read, is not UTF-8, or holds a document beyond any limit.</exception>
    public IEnumerable<ResourceChunk> Chunks(IEnumerable<string> files, Func<string, string>? name = null) =>
        files.SelectMany(file => ReadFile(file, name?.Invoke(file) ?? file));

    /// <summary>
    /// The resources of one chunk, their documents numbered from 0 within it; add the documents of the file's chunks
    /// before it (<see cref="ChunkResources{T}.Documents"/>) to get their index in the file.
    /// </summary>
    public ChunkResources<ManifestResource> Parse(ResourceChunk chunk)
    {
        var documents = (chunk.Json ? ParseJson(chunk.Text.Text) : Parse(chunk.Text))
            .Where(d => d.Node is not null || d.Error is not null || d.Known is not null)
            .ToList();
        return new ChunkResources<ManifestResource>(documents.SelectMany((document, index) => Resources(chunk.File, index, document)).ToList(), documents.Count);
    }

    /// <summary>Resources in file order, each document numbered after those of the file's chunks before it.</summary>
    private IEnumerable<ManifestResource> Numbered(IEnumerable<ResourceChunk> chunks) =>
        ResourceChunk.InFileOrder(chunks.Select(chunk => (chunk.First, Parse(chunk))))
            .Select(r => r.Item with { DocumentIndex = r.Before + r.Item.DocumentIndex });

    private static IEnumerable<ResourceChunk> ReadFile(string path, string file)
    {
        using var reader = Open(path);
        using var chunks = Chunks(file, reader).GetEnumerator();
        while (true)
        {
            try
            {
                if (!chunks.MoveNext())
                {
                    yield break;
                }
            }
            catch (DecoderFallbackException)
            {
                throw new ValidationInputException($"{file}: is not valid UTF-8; a manifest is UTF-8 text.");
            }
            catch (InvalidDataException e)
            {
                throw new ValidationInputException($"{file}: {e.Message}.");
            }

            yield return chunks.Current;
        }
    }

    private static StreamReader Open(string file)
    {
        try
        {
            return BoundedYamlParser.OpenText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ValidationInputException($"{file}: cannot be read: {e.Message}");
        }
    }

    /// <summary>A YAML file's documents as the splitter cuts them; a JSON file is one chunk.</summary>
    private static IEnumerable<ResourceChunk> Chunks(string file, TextReader reader)
    {
        if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ResourceChunk(file, new DocumentText(ReadWhole(reader), 1), Json: true, First: true);
            yield break;
        }

        var first = true;
        foreach (var text in DocumentSplitter.Split(reader))
        {
            yield return new ResourceChunk(file, text, Json: false, First: first);
            first = false;
        }
    }

    private static IEnumerable<ManifestResource> Resources(string file, int index, ParsedDocument document)
    {
        var resource = new ManifestResource { File = file, DocumentIndex = index, Line = document.Line, Source = document.Source, Known = document.Known };
        if (document.Known is not null)
        {
            return [resource];
        }

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
            resource = resource with { Source = null };
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

    /// <param name="Source">The chunk and the document's line in it, when the chunk holds this one document only.</param>
    /// <param name="Known">What the validation cache knew of the chunk (then it was not parsed).</param>
    private sealed record ParsedDocument(JsonNode? Node, int Line, string? Error, DocumentSource? Source = null, KnownDocument? Known = null);

    /// <summary>A chunk the validation cache knows is not parsed: a sha256 of its text costs far less.</summary>
    private IEnumerable<ParsedDocument> Parse(DocumentText chunk) =>
        known is var (cache, schemas) && cache.Find(chunk.Text, schemas) is { } document
            ? [new ParsedDocument(null, chunk.FirstLine + document.Line - 1, null, new DocumentSource(chunk.Text, document.Line), document)]
            : ParseYaml(chunk);

    private IEnumerable<ParsedDocument> ParseYaml(DocumentText chunk)
    {
        try
        {
            var documents = YamlJsonConverter.Documents(chunk.Text, strict)
                .Select(d => new ParsedDocument(d.Node, chunk.FirstLine + d.Line - 1, null))
                .ToList();
            return documents is [{ Node: not null } only] ? [only with { Source = new DocumentSource(chunk.Text, only.Line - chunk.FirstLine + 1) }] : documents;
        }
        catch (YamlDocumentException e)
        {
            var line = chunk.FirstLine + Math.Max(e.Line, 1) - 1;
            return [new ParsedDocument(null, line, LineNumber().Replace(e.Message, $"line {line}"))];
        }
    }

    /// <summary>A JSON file is one document, so it has the length limit of one.</summary>
    private static string ReadWhole(TextReader reader)
    {
        var text = new StringBuilder();
        var buffer = new char[64 * 1024];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (text.Length + read > DocumentSplitter.MaxDocumentChars)
            {
                throw new InvalidDataException($"the document is longer than {DocumentSplitter.MaxDocumentChars:N0} characters, more than any Kubernetes object can be");
            }

            text.Append(buffer, 0, read);
        }

        return text.ToString();
    }

    private IEnumerable<ParsedDocument> ParseJson(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        try
        {
            var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowDuplicateProperties = !strict };
            return [new ParsedDocument(JsonNode.Parse(text, documentOptions: options), 1, null)];
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            return [new ParsedDocument(null, line, $"JSON parse error at line {line}: {e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]}")];
        }
    }

    [GeneratedRegex(@"line \d+")]
    private static partial Regex LineNumber();
}

/// <summary>A piece of a manifest file that parses on its own: the text from one "---" line to the next, or a whole JSON file.</summary>
/// <param name="First">The file's first chunk: its documents are numbered from 0.</param>
public sealed record ResourceChunk(string File, DocumentText Text, bool Json, bool First)
{
    /// <summary>
    /// Each chunk's items (in chunk order) with the number of documents in the file's chunks before theirs: a
    /// chunk numbers its documents from 0, so that number added gives a document's index in its file.
    /// </summary>
    public static IEnumerable<(T Item, int Before)> InFileOrder<T>(IEnumerable<(bool First, ChunkResources<T> Chunk)> chunks)
    {
        var before = 0;
        foreach (var (first, chunk) in chunks)
        {
            before = first ? 0 : before;
            foreach (var item in chunk.Resources)
            {
                yield return (item, before);
            }

            before += chunk.Documents;
        }
    }
}

/// <summary>The resources of one chunk, documents numbered from 0 within it, and how many documents it holds (empty ones do not count).</summary>
public sealed record ChunkResources<T>(IReadOnlyList<T> Resources, int Documents);
