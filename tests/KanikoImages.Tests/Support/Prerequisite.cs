namespace KanikoImages.Tests.Support;

/// <summary>A program a test needs that the machine lacks: tests never install anything (.ci/run does).</summary>
public static class Prerequisite
{
    /// <summary>Skips the calling test with <paramref name="problem"/>; in CI (CI=true) fails it, since CI must run every test.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Missing(string problem)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("CI must run this test, but it " + problem);
        }

        throw new SkipException("needs " + problem);
    }
}
