using Cake.Core.Diagnostics;
using Cake.Frosting;
using KanikoImages.Images;
using Spectre.Console;

namespace KanikoImages.Build.Tasks;

[TaskName("HashImages")]
[TaskDescription("Discover images/ and compute each image's content hash")]
public sealed class HashImagesTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var catalog = context.Catalog;
        if (context.Json)
        {
            // Scripts read stdout: the JSON (warnings included) is all the task writes there.
            Console.Out.WriteLine(CatalogReport.Json(catalog));
            foreach (var warning in catalog.Warnings)
            {
                Console.Error.WriteLine($"Warning: {warning}");
            }

            return;
        }

        foreach (var warning in catalog.Warnings)
        {
            context.Log.Warning(warning);
        }

        var table = new Table().AddColumns("Image", "Tags", "Hash", "Files");
        foreach (var row in CatalogReport.Rows(catalog))
        {
            table.AddRow(Markup.Escape(row.Image), Markup.Escape(row.Tags), row.Hash, row.Files.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        context.Log.Information("{0} images in {1}, registry {2}", catalog.Images.Count, context.InRepository("images"), catalog.Settings.Registry);
    }
}
