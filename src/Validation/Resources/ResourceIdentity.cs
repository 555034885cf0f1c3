namespace KanikoImages.Validation.Resources;

/// <summary>
/// Where a resource is and what it is: all that is kept of it once it has been checked, so a large manifest is never
/// held in memory as parsed trees.
/// </summary>
public sealed record ResourceIdentity(
    string File,
    int DocumentIndex,
    int? ItemIndex,
    int Line,
    string Kind,
    string ApiVersion,
    string Name,
    string? Namespace);
