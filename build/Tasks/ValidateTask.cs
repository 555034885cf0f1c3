using Cake.Frosting;

namespace KanikoImages.Build.Tasks;

[TaskName("Validate")]
[TaskDescription("Validate deploy/: kubeconform, JSON schemas and cross-resource rules")]
[IsDependentOn(typeof(GenerateManifestsTask))]
public sealed class ValidateTask : FrostingTask<BuildContext>
{
}
