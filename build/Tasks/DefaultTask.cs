using Cake.Frosting;

namespace KanikoImages.Build.Tasks;

[TaskName("Default")]
[TaskDescription("The local check: same as Validate")]
[IsDependentOn(typeof(ValidateTask))]
public sealed class DefaultTask : FrostingTask<BuildContext>
{
}
