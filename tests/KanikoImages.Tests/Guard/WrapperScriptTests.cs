using KanikoImages.Manifests.Guard;

namespace KanikoImages.Tests.Guard;

/// <summary>
/// The wrapper alone, from a verdict file the test writes: arguments pass through untouched, the executor's
/// exit code is the container's, and a missing or unreadable verdict builds. Runs under sh and busybox's sh
/// (the kaniko debug image's shell).
/// </summary>
public sealed class WrapperScriptTests
{
    private const string Image = "registry.example/team/app:sha-0123456789ab";
    private const string Hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public static TheoryData<string> Shells => new() { "sh", "busybox" };

    [SkippableTheory]
    [MemberData(nameof(Shells))]
    public void Arguments_reach_the_executor_exactly_as_the_manifest_passes_them(string shell)
    {
        using var pod = PodWithVerdict(shell, "absent");
        string[] arguments =
        [
            "--destination=registry.example/team/app:sha-0123456789ab",
            "--build-arg=MESSAGE=two  spaces and\ttab",
            "--label=org.opencontainers.image.source=it's \"quoted\"",
            "--build-arg=EMPTY=",
            "",
            "$HOME and `date` stay literal",
            "line one\nline two",
            "*",
        ];

        var result = pod.RunWrapper(shell, arguments);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(arguments, pod.ExecutorArguments());
    }

    [SkippableTheory]
    [MemberData(nameof(Shells))]
    public void Executor_exit_code_is_the_containers(string shell)
    {
        using var pod = PodWithVerdict(shell, "absent");
        pod.Environment["STAND_IN_EXIT"] = "3";

        var result = pod.RunWrapper(shell, "--no-push");

        // exec: a failed build fails the Job.
        Assert.Equal(3, result.ExitCode);
        Assert.Equal(["--no-push"], pod.ExecutorArguments());
    }

    [SkippableTheory]
    [MemberData(nameof(Shells))]
    public void Missing_verdict_builds_and_says_so(string shell)
    {
        GuardTools.Require(shell);
        using var pod = new GuardPod().For(Image, Hash);

        var result = pod.RunWrapper(shell, "--no-push");

        Assert.Equal(["--no-push"], pod.ExecutorArguments());
        Assert.Contains($"guard: no verdict in {pod.ResultFile}", result.StandardOutput);
    }

    [SkippableTheory]
    [InlineData("exists please")]
    [InlineData("EXISTS")]
    [InlineData(" exists")]
    [InlineData("")]
    [InlineData("unknown")]
    public void Only_the_exact_verdict_exists_skips(string verdict)
    {
        using var pod = PodWithVerdict("sh", verdict);

        pod.RunWrapper("sh", "--no-push");

        Assert.Equal(["--no-push"], pod.ExecutorArguments());
    }

    [SkippableFact]
    public void Verdict_exists_without_a_final_newline_still_skips()
    {
        GuardTools.Require("sh");
        using var pod = new GuardPod().For(Image, Hash);
        File.WriteAllText(pod.ResultFile, "exists");

        var result = pod.RunWrapper("sh", "--no-push");

        Assert.Null(pod.ExecutorArguments());
        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"image {Image} for content {Hash} already in registry: nothing to build\n", result.StandardOutput);
    }

    [SkippableFact]
    public void Check_that_cannot_write_its_verdict_still_exits_0()
    {
        GuardTools.Require("sh");
        // Nothing listens on the port, so the check stays on 127.0.0.1 (or finds no skopeo): either way, unknown.
        using var pod = new GuardPod().For($"127.0.0.1:{LocalRegistry.FreePort()}/team/app:sha-0123456789ab", Hash);
        pod.Environment[BuildGuard.ResultVariable] = "/nonexistent/guard/result";

        var result = pod.RunCheck();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("guard: cannot write the verdict to /nonexistent/guard/result", result.StandardError);
    }

    /// <summary>A pod whose check already wrote <paramref name="verdict"/>, for a wrapper run under <paramref name="shell"/>.</summary>
    private static GuardPod PodWithVerdict(string shell, string verdict)
    {
        GuardTools.Require(shell);
        var pod = new GuardPod().For(Image, Hash);
        File.WriteAllText(pod.ResultFile, verdict + "\n");
        return pod;
    }
}
