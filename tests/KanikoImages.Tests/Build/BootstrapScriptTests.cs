using System.Text.Json;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Build;

/// <summary>build.sh and build.ps1 as a person runs them: bootstrap, build when needed, pass arguments on.</summary>
public sealed class BootstrapScriptTests
{
    public static TheoryData<string> Scripts => ["build.sh", "build.ps1"];

    [SkippableTheory]
    [MemberData(nameof(Scripts))]
    public void The_script_lists_the_tasks_and_fails_on_an_unknown_target(string script)
    {
        var tree = RunScript(Path.Combine(Paths.RepositoryRoot, script), "--tree");
        var unknown = RunScript(Path.Combine(Paths.RepositoryRoot, script), "NoSuchTask");

        Assert.True(tree.ExitCode == 0, tree.Output);
        Assert.Contains("GenerateManifests", tree.StandardOutput);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("Valid targets", unknown.Output);
    }

    [SkippableTheory]
    [MemberData(nameof(Scripts))]
    public void Arguments_reach_the_build_whole_and_stdout_carries_the_json_alone(string script)
    {
        using var repo = new TempDirectory();
        repo.Write("images.yaml", "registry: registry.example.com/test\n");
        repo.Write("images/hello/Dockerfile", "FROM busybox:1.36\n");
        Assert.Equal(0, BuildRunner.Run("GenerateManifests", "--working", repo.Path).ExitCode);
        var junit = Path.Combine(repo.Path, "out", "a:b.xml");

        // PowerShell used to split "--junit=/x/a:b.xml" at the colon and "a,b" at the comma.
        var result = RunScript(
            Path.Combine(Paths.RepositoryRoot, script),
            "Validate", "--exclusive", "--json", "--working", repo.Path, $"--junit={junit}", "--external-secrets=a,b");

        Assert.True(result.ExitCode == 0, result.Output);
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.True(File.Exists(junit), result.Output);
    }

    [SkippableTheory]
    [MemberData(nameof(Scripts))]
    public void The_warm_path_does_not_rebuild_because_a_build_made_folders_newer(string script)
    {
        using var tree = FakeCheckout(script);
        var stamp = Path.Combine(tree.Path, "build", "obj", "build.sh.stamp");
        var stampTime = File.GetLastWriteTimeUtc(stamp);

        // What a first build leaves: bin/ and obj/ created inside the project folders, so the folders are newer.
        Directory.CreateDirectory(Path.Combine(tree.Path, "src", "Images", "obj", "Release"));
        Directory.CreateDirectory(Path.Combine(tree.Path, "build", "obj", "Release"));

        var result = RunScript(Path.Combine(tree.Path, script), "--version");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Matches(@"^\d+\.\d+\.\d+\n$", result.StandardOutput);
        Assert.Equal(stampTime, File.GetLastWriteTimeUtc(stamp));
    }

    [SkippableTheory]
    [MemberData(nameof(Scripts))]
    public void A_rebuild_writes_msbuilds_output_to_stderr(string script)
    {
        using var tree = FakeCheckout(script);
        File.SetLastWriteTimeUtc(tree.Write("src/Images/Changed.cs", "// changed\n"), DateTime.UtcNow);

        // The fake checkout has no build/Build.csproj: MSBuild fails, and says so on stderr only.
        var result = RunScript(Path.Combine(tree.Path, script), "--version");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("MSB1009", result.StandardError);
        Assert.Equal("", result.StandardOutput);
    }

    /// <summary>
    /// The script beside a built Build.dll and a stamp, with sources older than the stamp: what a fresh clone looks
    /// like after its first build, without building (the assembly is the one the tests run).
    /// </summary>
    private static TempDirectory FakeCheckout(string script)
    {
        var tree = new TempDirectory();
        File.Copy(Path.Combine(Paths.RepositoryRoot, script), Path.Combine(tree.Path, script));
        File.Copy(Path.Combine(Paths.RepositoryRoot, "global.json"), Path.Combine(tree.Path, "global.json"));
        var output = Path.Combine(tree.Path, "build", "bin", "host");
        Directory.CreateDirectory(output);
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(Paths.BuildDll)!))
        {
            File.Copy(file, Path.Combine(output, Path.GetFileName(file)));
        }

        var old = DateTime.UtcNow.AddMinutes(-10);
        File.SetLastWriteTimeUtc(tree.Write("src/Images/Source.cs", "// source\n"), old);
        File.SetLastWriteTimeUtc(tree.Write("build/Program.cs", "// host\n"), old);
        File.SetLastWriteTimeUtc(Path.Combine(tree.Path, "global.json"), old);
        File.SetLastWriteTimeUtc(tree.Write("build/obj/build.sh.stamp", ""), DateTime.UtcNow.AddMinutes(-5));
        foreach (var folder in Directory.EnumerateDirectories(tree.Path, "*", SearchOption.AllDirectories).Append(tree.Path))
        {
            Directory.SetLastWriteTimeUtc(folder, old);
        }

        return tree;
    }

    /// <summary>build.sh through bash; build.ps1 through PowerShell 7.6.9, the local .NET tool pinned in .config/dotnet-tools.json.</summary>
    private static ProcessResult RunScript(string script, params string[] arguments)
    {
        if (script.EndsWith(".sh", StringComparison.Ordinal))
        {
            return ProcessResult.Run("bash", [script, .. arguments]);
        }

        // Tests install nothing: ./build.sh --test restores the tool first; CI (CI=true) must have it.
        var version = ProcessResult.Run("dotnet", ["pwsh", "-NoProfile", "-Command", "$PSVersionTable.PSVersion.ToString()"]);
        if (version.ExitCode != 0)
        {
            Prerequisite.Missing("PowerShell, the local tool of .config/dotnet-tools.json: run dotnet tool restore (./build.sh --test does).\n" + version.Output);
        }

        return ProcessResult.Run("dotnet", ["pwsh", "-NoProfile", "-File", script, .. arguments]);
    }
}
