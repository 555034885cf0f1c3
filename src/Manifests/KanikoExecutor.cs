namespace KanikoImages.Manifests;

/// <summary>The kaniko executor image the build Jobs run.</summary>
public static class KanikoExecutor
{
    /// <summary>
    /// The maintained fork's debug variant (GoogleContainerTools/kaniko was archived on 2025-06-03): the guard's
    /// wrapper needs its /busybox/sh. Pinned by digest so a re-pushed tag cannot change the builds. The digest
    /// was taken from public manifests that pin this release, not pulled from ghcr.io here (no network): check
    /// it with `crane digest ghcr.io/osscontainertools/kaniko:v1.28.5-debug` before relying on it, and override
    /// it with images.yaml kaniko.image.
    /// </summary>
    public const string DefaultImage =
        "ghcr.io/osscontainertools/kaniko:v1.28.5-debug@sha256:d6d74217dc077acfd3094992e917c357080a2d3fdd1042a49e34e29a7e57c572";

    /// <summary>The shell of the debug image that runs the guard's wrapper.</summary>
    public const string Shell = "/busybox/sh";

    /// <summary>Where kaniko reads registry credentials (config.json), for pulls, pushes and the cache.</summary>
    public const string DockerConfigPath = "/kaniko/.docker";

    /// <summary>The container's termination message file: the pushed digest shows in the pod status.</summary>
    public const string DigestFile = "/dev/termination-log";
}
