using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Guard;

/// <summary>
/// The real programs the guard tests run, from Debian packages. Missing ones are installed once per test run
/// when apt-get can (root); where they cannot be, the tests skip with the reason, except in CI (CI=true),
/// where a missing program fails them: CI must prove the guard.
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
    };

    /// <summary>Why installing the missing packages failed (apt-get's output), or null.</summary>
    private static readonly Lazy<string?> InstallProblem = new(InstallMissing, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Skips the calling test (fails it in CI) unless the programs are there (all of them when none are named),
    /// installing whatever is missing once per test run.
    /// </summary>
    public static void Require(params string[] programs)
    {
        var installProblem = InstallProblem.Value;
        var missing = (programs.Length == 0 ? Packages.Keys : programs).Where(program => Find(program) is null).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var problem = $"the guard tests need {string.Join(", ", missing)} (Debian packages "
            + string.Join(' ', missing.Select(program => Packages[program]).Distinct()) + "): "
            + (installProblem ?? "missing");
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("CI must run the guard tests, but " + problem);
        }

        throw new SkipException(problem);
    }

    /// <summary>The full path of a program on PATH, or null.</summary>
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);

    /// <summary>Installs the packages of the missing programs; null when that worked or was not needed, else why not.</summary>
    private static string? InstallMissing()
    {
        var missing = Missing();
        if (missing.Count == 0)
        {
            return null;
        }

        var packages = string.Join(' ', missing.Select(program => Packages[program]).Distinct());
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || Find("apt-get") is null)
        {
            return "they cannot be installed here (that needs Linux, root and apt-get).";
        }

        // Another test process may hold the dpkg lock: wait for it instead of failing.
        var update = ProcessResult.Run("apt-get", ["-o", "DPkg::Lock::Timeout=300", "update", "-qq"], timeout: TimeSpan.FromMinutes(10));
        var install = ProcessResult.Run(
            "apt-get",
            ["-o", "DPkg::Lock::Timeout=300", "install", "-y", "-qq", "--no-install-recommends", .. packages.Split(' ')],
            environment: new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" },
            timeout: TimeSpan.FromMinutes(10));
        return Missing().Count == 0 ? null : $"apt-get could not install {packages}:\n{update.Output}{install.Output}";
    }

    private static List<string> Missing() => Packages.Keys.Where(program => Find(program) is null).ToList();
}
