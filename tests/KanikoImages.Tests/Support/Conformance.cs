namespace KanikoImages.Tests.Support;

/// <summary>
/// kubeconform's fixtures and the Kubernetes and Argo CD JSON schemas: test data kept outside the repository
/// (the project may not ship copies of them), read where it lies. One setting names the folder; the tests
/// that need it are skipped, saying how to enable them, where it is absent. CI sets it and allows no skip.
/// </summary>
public static class Conformance
{
    public const string Variable = "KANIKO_CONFORMANCE_DIR";

    /// <summary>$KANIKO_CONFORMANCE_DIR, else ../shared/conformance beside the checkout.</summary>
    public static string Folder { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } folder
        ? Path.GetFullPath(folder)
        : Path.GetFullPath(Path.Combine(Paths.RepositoryRoot, "..", "shared", "conformance"));

    /// <summary>The folder; skips the calling test (a [SkippableFact] or [SkippableTheory]) when it is absent.</summary>
    public static string Require()
    {
        Skip.IfNot(
            Directory.Exists(Folder),
            $"needs the conformance data (kubeconform's fixtures and the v1.32.2 schemas), not found at {Folder}: "
            + $"set {Variable} to the folder holding it (.ci/run does).");
        return Folder;
    }

    /// <summary>A path inside the folder, skipping the calling test when the folder is absent.</summary>
    public static string File(string relativePath) => Path.Combine(Require(), relativePath);
}
