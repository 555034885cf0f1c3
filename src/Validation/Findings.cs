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
    /// <summary>A finding about <paramref name="resource"/>.</summary>
    public static Finding For(ManifestResource resource, string path, string message, ResourceStatus status, string layer) =>
        new(resource.File, resource.DocumentIndex, resource.Kind, resource.Name, path, message, status, layer);
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
