namespace KanikoImages.Images;

/// <summary>Reads images.yaml and images/ into an <see cref="ImageCatalog"/>.</summary>
public static class CatalogLoader
{
    /// <param name="repositoryRoot">Absolute path of the repository (holds images.yaml and images/).</param>
    /// <param name="arguments">Command-line build arguments (--name=value), by name.</param>
    /// <param name="environment">Environment variables, by name.</param>
    public static ImageCatalog Load(
        string repositoryRoot,
        IReadOnlyDictionary<string, string> arguments,
        IReadOnlyDictionary<string, string> environment) =>
        throw new NotImplementedException("Implemented with issue 3.");
}
