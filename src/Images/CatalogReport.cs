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
    /// A plain aligned table (image, tags, short hash, files hashed, and the images it builds on when any image has
    /// some), one line per image. Plain text on purpose: it is built in one pass, which matters with 10,000 images,
    /// and reads the same in a CI log.
    /// </summary>
    public static string Table(ImageCatalog catalog)
    {
        var graph = catalog.Images.Any(i => i.Dependencies.Count > 0);
        string[] header = graph ? ["IMAGE", "TAGS", "HASH", "FILES", "DEPENDS ON"] : ["IMAGE", "TAGS", "HASH", "FILES"];
        var rows = catalog.Images
            .Select(i => new[]
            {
                i.Name, string.Join(",", i.Tags), i.Hash.Short, i.Files.Count.ToString(CultureInfo.InvariantCulture),
                i.Dependencies.Count > 0 ? string.Join(",", i.Dependencies.Select(d => d.Image)) : "-",
            }[..header.Length])
            .Prepend(header)
            .ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var table = new StringBuilder();
        foreach (var row in rows)
        {
            table.Append(row[0].PadRight(widths[0])).Append("  ")
                .Append(row[1].PadRight(widths[1])).Append("  ")
                .Append(row[2].PadRight(widths[2])).Append("  ")
                .Append(row[3].PadLeft(widths[3]));
            if (graph)
            {
                table.Append("  ").Append(row[4]);
            }

            table.Append('\n');
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
                    dependsOn = i.Dependencies.Select(d => d.Image),
                    depth = i.Depth,
                    files = i.Files.Select(f => new { path = f.Path, length = f.Length, executable = f.Executable }),
                }),
                warnings = catalog.Warnings,
            },
            JsonOptions);
}
