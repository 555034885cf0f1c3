using System.Text.Json.Nodes;

namespace KanikoImages.Validation.Resources;

/// <summary>
/// One document (or one item of a <c>kind: List</c>) read from a manifest file: the parsed object, or the reason
/// it could not be read.
/// </summary>
public sealed record ManifestResource
{
    /// <summary>The file as it was named to the reader.</summary>
    public required string File { get; init; }

    /// <summary>0-based index of the non-empty document in its file.</summary>
    public required int DocumentIndex { get; init; }

    /// <summary>Index in the items of a <c>kind: List</c> document, else null.</summary>
    public int? ItemIndex { get; init; }

    /// <summary>1-based line the document starts on.</summary>
    public int Line { get; init; } = 1;

    /// <summary>The document as JSON; null when it could not be read.</summary>
    public JsonObject? Object { get; init; }

    /// <summary>Why the document could not be read (kubeconform's "error" status), else null.</summary>
    public string? ReadError { get; init; }

    /// <summary>The document's own text, when its chunk of the file held only it (what the validation cache keys by).</summary>
    public DocumentSource? Source { get; init; }

    /// <summary>What the validation cache knew of the document's text; then it was not parsed, and <see cref="Object"/> is null.</summary>
    public KnownDocument? Known { get; init; }

    /// <summary>Read in full: rules never look at documents that failed to parse.</summary>
    public bool Readable => Object is not null && ReadError is null;

    public string Kind => Known?.Kind ?? Text("kind");

    public string ApiVersion => Known?.ApiVersion ?? Text("apiVersion");

    /// <summary>metadata.name, or kubeconform's rendering of a generateName.</summary>
    public string Name => Known?.Name ??
        Metadata("name") ?? (Metadata("generateName") is { } prefix ? prefix + "{{ generateName }}" : "");

    public string? Namespace => Known is { } known ? known.Namespace : Metadata("namespace");

    /// <summary>What is kept of the resource once its tree is dropped.</summary>
    public ResourceIdentity Identity => new(File, DocumentIndex, ItemIndex, Line, Kind, ApiVersion, Name, Namespace);

    private string Text(string key) => JsonText.Of(Object?[key]) ?? "";

    private string? Metadata(string key) => JsonText.Of(Object?["metadata"]?[key]);
}

/// <param name="Text">The chunk of the file the document was read from.</param>
/// <param name="Line">The line the document starts on within it.</param>
public sealed record DocumentSource(string Text, int Line);
