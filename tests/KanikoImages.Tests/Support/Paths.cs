using System.Reflection;

namespace KanikoImages.Tests.Support;

/// <summary>Where the checkout and the built build project are (set by the test project at build time).</summary>
public static class Paths
{
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string BuildDll { get; } = Metadata("BuildDll");

    private static string Metadata(string key) =>
        typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
