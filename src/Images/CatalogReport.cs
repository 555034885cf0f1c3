using System.Globalization;
using System.Text;
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

    /// <summary>
    /// A plain aligned table (image, tags, short hash, files hashed), one line per image. Plain text on purpose:
    /// it is built in one pass, which matters with 10,000 images, and reads the same in a CI log.
    /// </summary>
    public static string Table(ImageCatalog catalog)
    {
        string[] header = ["IMAGE", "TAGS", "HASH", "FILES"];
        var rows = catalog.Images
            .Select(i => new[] { i.Name, string.Join(",", i.Tags), i.Hash.Short, i.Files.Count.ToString(CultureInfo.InvariantCulture) })
            .Prepend(header)
            .ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var table = new StringBuilder();
        foreach (var row in rows)
        {
            table.Append(row[0].PadRight(widths[0])).Append("  ")
                .Append(row[1].PadRight(widths[1])).Append("  ")
                .Append(row[2].PadRight(widths[2])).Append("  ")
                .Append(row[3].PadLeft(widths[3])).Append('\n');
        }

        return table.ToString();
    }

    /// <summary>The catalog as a JSON document: registry, images (with full and short hash, files) and warnings.</summary>
    public static string Json(ImageCatalog catalog) =>
        JsonSerializer.Serialize(
            new
            {
                registry = catalog.Settings.Registry,
                images = catalog.Images.Select(i => new
                {
                    image = i.Name,
                    repository = i.Repository,
                    folder = i.Folder,
                    tags = i.Tags,
                    contentHash = i.Hash.Value,
                    shortHash = i.Hash.Short,
                    dockerfile = i.Dockerfile,
                    context = i.Context,
                    target = i.Target,
                    platforms = i.Platforms.Count > 0 ? i.Platforms.Select(p => p.Text) : null, // only when declared
                    buildArgs = i.BuildArgs.ToDictionary(a => a.Key, a => a.Value),
                    files = i.Files.Select(f => new { path = f.Path, length = f.Length, executable = f.Executable }),
                }),
                warnings = catalog.Warnings,
            },
            JsonOptions);
}
