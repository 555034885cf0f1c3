using Cake.Frosting;

namespace KanikoImages.Build.Tasks;

[TaskName("Publish")]
[TaskDescription("Commit and push deploy/ to the branch Argo CD watches")]
[IsDependentOn(typeof(ValidateTask))]
public sealed class PublishTask : FrostingTask<BuildContext>
{
}
