using Cake.Core.Diagnostics;
using Cake.Frosting;
using KanikoImages.Images;

namespace KanikoImages.Build.Tasks;

[TaskName("HashImages")]
[TaskDescription("Discover images/ and compute each image's content hash")]
public sealed class HashImagesTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var catalog = context.Catalog;
        if (context.Graph is { } format)
        {
            // The graph alone on stdout, so it can be piped into a file or dot.
            Console.Out.Write(GraphText.Write(catalog, format));
            foreach (var warning in catalog.Warnings)
            {
                context.Log.Warning(warning);
            }

            return;
        }

        if (context.ReportsJson(this))
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

        context.Log.Information("{0}", CatalogReport.Table(catalog));
        context.Log.Information("{0} images in {1}, registry {2}", catalog.Images.Count, context.InRepository("images"), catalog.Settings.Registry);
    }
}
