using System.Security.Cryptography;
using KanikoImages.Images;
using KanikoImages.Manifests;
using KanikoImages.Manifests.Guard;

namespace KanikoImages.Tests.Guard;

/// <summary>
/// The guard's check and wrapper scripts, exactly as the Job carries them, against a real registry on 127.0.0.1:
/// only an image that is really there skips the build; every other answer builds and says why.
/// </summary>
public sealed class BuildGuardTests(RegistryFixture registries) : IClassFixture<RegistryFixture>
{
    private static readonly string[] ExecutorArguments =
        ["--dockerfile=Dockerfile", "--context=dir:///workspace", "--build-arg=GREETING=hello world"];

    [SkippableTheory]
    [InlineData("sh")]
    [InlineData("busybox")]
    public void Tag_present_skips_the_build_with_exit_0_and_the_exact_log_line(string shell)
    {
        var (image, hash) = PushNewImage(registries.Open);
        using var pod = new GuardPod().For(image, hash.Value);

        var outcome = pod.Run(shell, ExecutorArguments);

        Assert.Equal(0, outcome.Check.ExitCode);
        Assert.Equal("exists\n", outcome.Verdict);
        Assert.False(outcome.Built, outcome.Wrapper.Output);
        Assert.Equal(0, outcome.Wrapper.ExitCode);
        Assert.Equal($"image {image} for content {hash.Value} already in registry: nothing to build\n", outcome.Wrapper.StandardOutput);
    }

    [SkippableTheory]
    [InlineData("sh")]
    [InlineData("busybox")]
    public void Tag_absent_runs_the_executor_with_its_arguments(string shell)
    {
        var registry = registries.Open;
        registry.Push(registries.ImageLayout, "team/app:sha-000000000000");
        var hash = NewHash();
        var image = $"{registry.Host}/team/app:{ManifestConventions.HashTag(hash)}";
        using var pod = new GuardPod().For(image, hash.Value);

        var outcome = pod.Run(shell, ExecutorArguments);

        Assert.Equal(0, outcome.Check.ExitCode);
        Assert.Equal("absent\n", outcome.Verdict);
        Assert.Equal(ExecutorArguments, outcome.ExecutorArguments);
        Assert.Equal(0, outcome.Wrapper.ExitCode);
        Assert.Contains($"image {image} for content {hash.Value} is not in the registry: building", outcome.Wrapper.StandardOutput);
    }

    [SkippableFact]
    public void Repository_never_pushed_is_absent_and_builds()
    {
        var hash = NewHash();
        var image = $"{registries.Open.Host}/never/pushed:{ManifestConventions.HashTag(hash)}";
        using var pod = new GuardPod().For(image, hash.Value);

        var outcome = pod.Run("sh", ExecutorArguments);

        Assert.Equal("absent\n", outcome.Verdict);
        Assert.Equal(ExecutorArguments, outcome.ExecutorArguments);
    }

    [SkippableFact]
    public void Registry_down_runs_the_executor_and_says_the_registry_is_unreachable()
    {
        GuardTools.Require();
        var hash = NewHash();
        var image = $"127.0.0.1:{LocalRegistry.FreePort()}/team/app:{ManifestConventions.HashTag(hash)}";
        using var pod = new GuardPod().For(image, hash.Value);

        var outcome = pod.Run("sh", ExecutorArguments);

        Assert.Equal(0, outcome.Check.ExitCode);
        Assert.StartsWith("unknown registry unreachable: ", outcome.Verdict);
        Assert.Contains("connection refused", outcome.Verdict);
        Assert.Equal(ExecutorArguments, outcome.ExecutorArguments);
        Assert.Contains($"cannot tell whether image {image} is in the registry (registry unreachable: ", outcome.Wrapper.StandardOutput);
        Assert.Contains("building", outcome.Wrapper.StandardOutput);
    }

    [SkippableTheory]
    [InlineData("wrong password")]
    [InlineData(null)]
    public void Wrong_or_no_credentials_run_the_executor_and_the_log_says_401(string? password)
    {
        var registry = registries.Secured;
        var (image, hash) = PushNewImage(registry);
        using var pod = new GuardPod();
        pod.For(image, hash.Value, password is null ? null : pod.WriteAuthFile(registry.Host, RegistryFixture.User, password));

        var outcome = pod.Run("sh", ExecutorArguments);

        // The tag is there, but the answer was 401: that must never read as "exists".
        Assert.Equal(0, outcome.Check.ExitCode);
        Assert.StartsWith("unknown 401 unauthorized: the registry refused the credentials: ", outcome.Verdict);
        Assert.Contains("authentication required", outcome.Verdict);
        Assert.Equal(ExecutorArguments, outcome.ExecutorArguments);
        Assert.Contains("(401 unauthorized: the registry refused the credentials", outcome.Wrapper.StandardOutput);
    }

    [SkippableFact]
    public void Right_credentials_from_the_mounted_dockerconfigjson_find_the_image_and_skip()
    {
        var registry = registries.Secured;
        var (image, hash) = PushNewImage(registry);
        using var pod = new GuardPod();
        pod.For(image, hash.Value, pod.WriteAuthFile(registry.Host, RegistryFixture.User, RegistryFixture.Password));

        var outcome = pod.Run("sh", ExecutorArguments);

        Assert.Equal("exists\n", outcome.Verdict);
        Assert.False(outcome.Built);
        Assert.Equal(0, outcome.Wrapper.ExitCode);
    }

    [SkippableTheory]
    [InlineData(404, "absent")]
    [InlineData(401, "unknown 401 unauthorized: the registry refused the credentials: ")]
    [InlineData(403, "unknown 403 denied: the credentials may not read this repository: ")]
    [InlineData(500, "unknown registry check failed: ")]
    [InlineData(502, "unknown registry check failed: ")]
    public void Bare_status_answers_are_classified_and_only_404_means_absent(int status, string verdictStart)
    {
        GuardTools.Require();
        using var registry = new FixedAnswerRegistry(status);
        var hash = NewHash();
        var image = $"{registry.Host}/team/app:{ManifestConventions.HashTag(hash)}";
        using var pod = new GuardPod().For(image, hash.Value);

        var outcome = pod.Run("sh", ExecutorArguments);

        Assert.Equal(0, outcome.Check.ExitCode);
        Assert.StartsWith(verdictStart, outcome.Verdict);
        Assert.Contains(status == 404 ? "absent" : status.ToString(), outcome.Verdict);
        Assert.Equal(ExecutorArguments, outcome.ExecutorArguments);
        Assert.Equal(0, outcome.Wrapper.ExitCode);
    }

    [SkippableFact]
    public void Check_without_an_image_reference_still_exits_0_and_the_build_runs()
    {
        GuardTools.Require();
        using var pod = new GuardPod().For("", NewHash().Value);

        var outcome = pod.Run("sh", ExecutorArguments);

        Assert.Equal(0, outcome.Check.ExitCode);
        Assert.Equal($"unknown {BuildGuard.ImageVariable} is not set\n", outcome.Verdict);
        Assert.True(outcome.Built);
    }

    /// <summary>Pushes the small image tagged with a fresh content hash's tag, as a finished build would.</summary>
    private (string Image, ContentHash Hash) PushNewImage(LocalRegistry registry)
    {
        var hash = NewHash();
        return (registry.Push(registries.ImageLayout, "team/app:" + ManifestConventions.HashTag(hash)), hash);
    }

    private static ContentHash NewHash() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
}
