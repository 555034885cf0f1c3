using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Guard;

/// <summary>
/// The real programs the guard tests run, from Debian packages. Tests never install anything: .ci/run installs
/// them. Where one is missing the tests skip, naming the package to install, except in CI (CI=true), where a
/// missing program fails them: CI must prove the guard.
/// </summary>
public static class GuardTools
{
    /// <summary>Program -> the Debian package that ships it.</summary>
    private static readonly IReadOnlyDictionary<string, string> Packages = new Dictionary<string, string>
    {
        ["docker-registry"] = "docker-registry",
        ["skopeo"] = "skopeo",
        ["umoci"] = "umoci",
        ["htpasswd"] = "apache2-utils",
        ["busybox"] = "busybox",
        ["sh"] = "dash",
        ["openssl"] = "openssl",
        ["buildah"] = "buildah",
    };

    /// <summary>Needed by the index tests only, so not part of every guard test's default set.</summary>
    private static readonly string[] OnlyWhenNamed = ["buildah"];

    /// <summary>
    /// Skips the calling test (fails it in CI) unless the programs are there (all of them when none are named).
    /// </summary>
    public static void Require(params string[] programs)
    {
        var missing = (programs.Length == 0 ? Packages.Keys.Except(OnlyWhenNamed) : programs).Where(program => Find(program) is null).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var packages = string.Join(' ', missing.Select(program => Packages[program]).Distinct());
        Prerequisite.Missing($"{string.Join(", ", missing)}: install the Debian packages {packages} (apt-get install {packages}; .ci/run does).");
    }

    /// <summary>The full path of a program on PATH, or null.</summary>
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
