namespace KanikoImages.Tests.Support;

/// <summary>Runs the real build project (the Build.dll the test project built) as a process.</summary>
public static class BuildRunner
{
    public static ProcessResult Run(params string[] arguments) => Run(arguments, environment: null);

    public static ProcessResult Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment) =>
        ProcessResult.Run("dotnet", [Paths.BuildDll, .. arguments], environment: environment);
}
