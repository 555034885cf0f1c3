using KanikoImages.Validation.Kubeconform;

namespace KanikoImages.Tests.Support;

/// <summary>No kubeconform: Validate runs its in-process layers only.</summary>
internal sealed class NoKubeconform : IKubeconform
{
    public string? Locate() => null;

    public KubeconformRun Run(KubeconformRequest request) => throw new InvalidOperationException("not located, so never run");
}
