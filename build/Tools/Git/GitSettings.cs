using Cake.Core.Tooling;

namespace KanikoImages.Build.Tools.Git;

/// <summary>Settings for one git invocation; <see cref="ToolSettings.ToolPath"/> overrides the git found on PATH.</summary>
public sealed class GitSettings : ToolSettings
{
}
