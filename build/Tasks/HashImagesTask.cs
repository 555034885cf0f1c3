using Cake.Core.Diagnostics;
using Cake.Frosting;

namespace KanikoImages.Build.Tasks;

[TaskName("HashImages")]
[TaskDescription("Discover images/ and compute each image's content hash")]
public sealed class HashImagesTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var images = context.InRepository("images");
        if (!Directory.Exists(images))
        {
            throw new InvalidOperationException($"{images}: no images/ folder in the repository.");
        }

        context.Log.Information("Images folder: {0}", images);
    }
}
