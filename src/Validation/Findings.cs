using KanikoImages.Validation.Resources;

namespace KanikoImages.Validation;

/// <summary>kubeconform's verdict for one resource, worst last.</summary>
public enum ResourceStatus
{
    Valid,
    Skipped,
    Invalid,
    Error,
}

/// <summary>One problem, located: file, document, Kind/name, field path (a JSON pointer) and what is wrong.</summary>
public sealed record Finding(
    string File,
    int DocumentIndex,
    string Kind,
    string Name,
    string Path,
    string Message,
    ResourceStatus Status,
    string Layer)
{
    /// <summary>The item of a <c>kind: List</c> document the finding is about, else null.</summary>
    public int? ItemIndex { get; init; }

    /// <summary>1-based line the resource's document starts on; 0 when the finding is not about one document.</summary>
    public int Line { get; init; }

    /// <summary>Where: "file (document N)", "file (document N, item M)", or the file alone.</summary>
    public string Location => Describe(File, DocumentIndex, ItemIndex);

    /// <summary>"Kind/name", the kind alone without a name, or "-" when the document has neither.</summary>
    public string DisplayName => Display(Kind, Name);

    /// <summary>"Kind/name" for messages and reports.</summary>
    public static string Display(string kind, string name) => (kind, name) switch
    {
        ("", "") => "-",
        (_, "") => kind,
        _ => $"{kind}/{name}",
    };

    /// <summary>"file (document N)" with 1-based numbers, as people count documents.</summary>
    public static string Describe(string file, int documentIndex, int? itemIndex) => documentIndex < 0
        ? file
        : itemIndex is { } item ? $"{file} (document {documentIndex + 1}, item {item + 1})" : $"{file} (document {documentIndex + 1})";

    /// <summary>A finding about <paramref name="resource"/>.</summary>
    public static Finding For(ManifestResource resource, string path, string message, ResourceStatus status, string layer) =>
        For(resource.Identity, path, message, status, layer);

    /// <summary>A finding about the resource <paramref name="resource"/> names.</summary>
    public static Finding For(ResourceIdentity resource, string path, string message, ResourceStatus status, string layer) =>
        new(resource.File, resource.DocumentIndex, resource.Kind, resource.Name, path, message, status, layer)
        {
            ItemIndex = resource.ItemIndex,
            Line = resource.Line,
        };
}

/// <summary>The layers that produce findings.</summary>
public static class Layers
{
    public const string Reader = "read";
    public const string Schema = "schema";
    public const string TypedModel = "typed-model";
    public const string Kubeconform = "kubeconform";
    public const string Rules = "rules";
}
