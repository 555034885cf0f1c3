using Cake.Frosting;

namespace KanikoImages.Build.Tasks;

[TaskName("GenerateManifests")]
[TaskDescription("Write deploy/manifest.yaml: one kaniko build Job per image")]
[IsDependentOn(typeof(HashImagesTask))]
public sealed class GenerateManifestsTask : FrostingTask<BuildContext>
{
}
