namespace KanikoImages.Images.Dependencies;

/// <summary>A reference into the catalog's registry, split: &lt;registry&gt;/&lt;repository&gt;[:tag][@digest].</summary>
internal sealed record RegistryReference(string Repository, string? Tag, string? Digest);

/// <summary>Which Dockerfile references point into the catalog's registry, and at which repository and tag.</summary>
internal static class CatalogReferences
{
    /// <summary>The references under "&lt;registry&gt;/": only those can name an image of the catalog.</summary>
    public static IReadOnlyList<BaseReference> InRegistry(string registry, IReadOnlyList<BaseReference> references)
    {
        var prefix = registry.TrimEnd('/') + "/";
        return references.Where(r => r.Reference.StartsWith(prefix, StringComparison.Ordinal)).ToList();
    }

    /// <summary>The repository, tag and digest of a reference under the registry; null when it is not one image repository below it.</summary>
    public static RegistryReference? Parse(string registry, string reference)
    {
        var prefix = registry.TrimEnd('/') + "/";
        if (!reference.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = reference[prefix.Length..];
        string? digest = null;
        if (rest.IndexOf('@') is var at and >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
        }

        string? tag = null;
        if (rest.IndexOf(':') is var colon and >= 0)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }

        // Catalog repositories are single DNS labels: "registry/team/app" is some other repository.
        return rest.Length == 0 || rest.Contains('/') ? null : new RegistryReference(rest, tag, digest);
    }
}
