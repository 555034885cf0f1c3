namespace KanikoImages.Validation.Kubeconform;

/// <summary>What kubeconform is asked: the files, and the options that shape its verdicts.</summary>
public sealed record KubeconformRequest(
    IReadOnlyList<string> Files,
    IReadOnlyList<string> SchemaLocations,
    string KubernetesVersion,
    bool Strict,
    bool IgnoreMissingSchemas);

/// <summary>What the process printed and how it exited.</summary>
public sealed record KubeconformRun(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// The kubeconform CLI, run with -summary -output json. Implemented in build/ by a Cake tool runner; this stage
/// only needs to run it and read its report.
/// </summary>
public interface IKubeconform
{
    /// <summary>Where the binary is, or null when none is available (no kubeconform on PATH or at the given path).</summary>
    string? Locate();

    KubeconformRun Run(KubeconformRequest request);
}
