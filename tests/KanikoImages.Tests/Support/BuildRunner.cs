using System.Text.RegularExpressions;

namespace KanikoImages.Tests.Support;

/// <summary>Runs the real build project (the Build.dll the test project built) as a process.</summary>
public static class BuildRunner
{
    public static ProcessResult Run(params string[] arguments) => Run(arguments, environment: null);

    public static ProcessResult Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment) =>
        ProcessResult.Run("dotnet", [Paths.BuildDll, .. arguments], environment: environment);

    /// <summary>The task names in the end-of-run report, in the order Cake executed them.</summary>
    public static string[] ExecutedTasks(ProcessResult result) =>
        result.Output.Split('\n')
            .Select(line => Regex.Match(line, @"^\s+(\w+)\s+\d\d:\d\d:\d\d\.\d+\s+(Succeeded|Skipped|Failed)"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToArray();
}
