using Cake.Core.Tooling;

namespace KanikoImages.Build.Tools.Kubeconform;

/// <summary>Settings for one kubeconform run; <see cref="ToolSettings.ToolPath"/> (--kubeconform-path) overrides PATH.</summary>
public sealed class KubeconformSettings : ToolSettings
{
}
