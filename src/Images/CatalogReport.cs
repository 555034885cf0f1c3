using System.Text.Json;
using System.Text.Json.Serialization;

namespace KanikoImages.Images;

/// <summary>What HashImages shows: one row per image for the table, or the whole catalog as JSON for scripts.</summary>
public static class CatalogReport
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static IReadOnlyList<CatalogRow> Rows(ImageCatalog catalog) =>
        catalog.Images.Select(i => new CatalogRow(i.Name, string.Join(", ", i.Tags), i.Hash.Short, i.Files.Count)).ToList();

    /// <summary>The catalog as a JSON document: registry, images (with full and short hash, files) and warnings.</summary>
    public static string Json(ImageCatalog catalog) =>
        JsonSerializer.Serialize(
            new
            {
                registry = catalog.Settings.Registry,
                images = catalog.Images.Select(i => new
                {
                    name = i.Name,
                    repository = i.Repository,
                    folder = i.Folder,
                    tags = i.Tags,
                    hash = i.Hash.Value,
                    shortHash = i.Hash.Short,
                    dockerfile = i.Dockerfile,
                    context = i.Context,
                    target = i.Target,
                    buildArgs = i.BuildArgs.ToDictionary(a => a.Key, a => a.Value),
                    files = i.Files.Select(f => new { path = f.Path, length = f.Length, executable = f.Executable }),
                }),
                warnings = catalog.Warnings,
            },
            JsonOptions);
}

/// <summary>One line of the HashImages table.</summary>
public sealed record CatalogRow(string Image, string Tags, string Hash, int Files);
