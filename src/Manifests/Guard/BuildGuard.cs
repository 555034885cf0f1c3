namespace KanikoImages.Manifests.Guard;

/// <summary>
/// The in-cluster guard that keeps an unchanged image from being rebuilt when Argo CD re-creates its Job.
/// An init container runs <see cref="CheckScript"/> (does the image tagged with the content hash exist?) and
/// writes the verdict into a shared emptyDir; the kaniko container starts through <see cref="WrapperScript"/>,
/// which exits 0 when the image exists and otherwise execs the executor. The scripts are constant text; every
/// parameter arrives in an environment variable, so tests run the exact text the manifest carries.
/// </summary>
public static class BuildGuard
{
    /// <summary>Env: the image reference to look for, e.g. registry/app:sha-0123456789ab.</summary>
    public const string ImageVariable = "GUARD_IMAGE";

    /// <summary>Env: the full content hash, for the log line.</summary>
    public const string ContentHashVariable = "CONTENT_HASH";

    /// <summary>Env: the file the check writes its verdict to and the wrapper reads.</summary>
    public const string ResultVariable = "GUARD_RESULT";

    /// <summary>Env: the executor the wrapper execs (default /kaniko/executor).</summary>
    public const string ExecutorVariable = "KANIKO_EXECUTOR";

    /// <summary>Where the shared emptyDir is mounted in both containers.</summary>
    public const string MountPath = "/guard";

    /// <summary>POSIX sh script of the init container; always exits 0 (a failing init container fails the pod).</summary>
    public static string CheckScript => throw new NotImplementedException("Implemented with issue 7.");

    /// <summary>POSIX sh script run as <c>sh -c WrapperScript -- &lt;executor arguments&gt;</c>.</summary>
    public static string WrapperScript => throw new NotImplementedException("Implemented with issue 7.");
}
