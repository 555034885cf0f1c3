using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Build;

/// <summary>build.sh and build.ps1 as a person runs them: bootstrap, build when needed, pass arguments on.</summary>
public sealed class BootstrapScriptTests
{
    [Fact]
    public void Build_sh_lists_the_tasks()
    {
        var result = ProcessResult.Run("bash", [Path.Combine(Paths.RepositoryRoot, "build.sh"), "--tree"]);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("GenerateManifests", result.StandardOutput);
    }

    [Fact]
    public void Build_sh_passes_a_failing_target_exit_code_on()
    {
        var result = ProcessResult.Run("bash", [Path.Combine(Paths.RepositoryRoot, "build.sh"), "NoSuchTask"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Valid targets", result.Output);
    }

    [SkippableFact]
    public void Build_ps1_lists_the_tasks_and_fails_on_an_unknown_target()
    {
        Pwsh.Require();

        var tree = Pwsh.Run(Path.Combine(Paths.RepositoryRoot, "build.ps1"), "--tree");
        var unknown = Pwsh.Run(Path.Combine(Paths.RepositoryRoot, "build.ps1"), "NoSuchTask");

        Assert.True(tree.ExitCode == 0, tree.Output);
        Assert.Contains("GenerateManifests", tree.StandardOutput);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("Valid targets", unknown.Output);
    }

    /// <summary>PowerShell 7.6.9 as the local .NET tool pinned in .config/dotnet-tools.json.</summary>
    private static class Pwsh
    {
        /// <summary>Tests install nothing: ./build.sh --test restores the tool first; CI (CI=true) must have it.</summary>
        public static void Require()
        {
            var version = ProcessResult.Run("dotnet", ["pwsh", "-NoProfile", "-Command", "$PSVersionTable.PSVersion.ToString()"]);
            if (version.ExitCode == 0)
            {
                return;
            }

            Prerequisite.Missing("PowerShell, the local tool of .config/dotnet-tools.json: run dotnet tool restore (./build.sh --test does).\n" + version.Output);
        }

        public static ProcessResult Run(string script, params string[] arguments) =>
            ProcessResult.Run("dotnet", ["pwsh", "-NoProfile", "-File", script, .. arguments]);
    }
}
