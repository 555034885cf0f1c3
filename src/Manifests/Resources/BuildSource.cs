using k8s.Models;

namespace KanikoImages.Manifests.Resources;

/// <summary>Where kaniko finds an image's build context, whichever mode carries it.</summary>
/// <param name="Context">kaniko --context (dir:// or git://).</param>
/// <param name="SubPath">kaniko --context-sub-path, if any.</param>
/// <param name="Dockerfile">kaniko --dockerfile.</param>
/// <param name="Revision">The commit for org.opencontainers.image.revision, when it holds exactly the hashed content.</param>
/// <param name="Volume">The context volume (ConfigMap mode).</param>
/// <param name="Environment">Extra environment of the kaniko container (git credentials).</param>
public sealed record BuildSource(
    string Context,
    string? SubPath,
    string Dockerfile,
    string? Revision,
    V1Volume? Volume,
    IReadOnlyList<V1EnvVar> Environment);
