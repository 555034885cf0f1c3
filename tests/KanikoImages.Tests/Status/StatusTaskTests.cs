using System.Text.Json;
using k8s;
using k8s.Models;
using KanikoImages.Manifests;
using KanikoImages.Images;
using KanikoImages.Tests.Support;
using static KanikoImages.Tests.Status.ClusterObjects;

namespace KanikoImages.Tests.Status;

/// <summary>The real Build.dll's Status task on a temp repository, against the fake API server through KUBECONFIG.</summary>
public sealed class StatusTaskTests : IDisposable
{
    private readonly FakeKubernetesApi _api = new();
    private readonly TempDirectory _repo = new();
    private readonly TempDirectory _home = new();
    private readonly ImageDefinition _app;

    public StatusTaskTests()
    {
        _repo.Write("images.yaml", $"registry: registry.example.com/platform\nnamespace: {Namespace}\n");
        _repo.Write("images/app/Dockerfile", "FROM busybox:1.36\nCMD [\"echo\", \"app\"]\n");
        _app = CatalogLoader.Load(_repo.Path, new Dictionary<string, string>(), new Dictionary<string, string>()).Images.Single();
    }

    public void Dispose()
    {
        _api.Dispose();
        _repo.Dispose();
        _home.Dispose();
    }

    [Fact]
    public void Status_prints_each_image_with_its_state_and_digest()
    {
        var digest = DigestOf("app");
        var job = Job(_app).Complete(TimeSpan.FromSeconds(42));
        _api.Jobs.Add(job);
        _api.Pods.Add(Pod(job, "a", "Succeeded", Exited(0, digest)));

        var result = Run("Status");

        Assert.Equal(0, result.ExitCode);
        var row = Assert.Single(result.StandardOutput.Split('\n'), l => l.Contains(" app "));
        Assert.Contains(_app.Hash.Short, row);
        Assert.Contains("built", row);
        Assert.Contains("42s", row);
        Assert.Contains(digest, row);
    }

    [Fact]
    public void Status_finds_the_job_GenerateManifests_wrote_for_the_image()
    {
        ProcessResult.Run("git", ["init", "-q", "-b", "main"], _repo.Path);
        ProcessResult.Run("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "init"], _repo.Path);
        ProcessResult.Run("git", ["add", "-A"], _repo.Path);
        ProcessResult.Run("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "images"], _repo.Path);
        var generated = BuildRunner.Run("GenerateManifests", "--working", _repo.Path);
        Assert.True(generated.ExitCode == 0, generated.Output);
        var job = KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(_repo.Path, ManifestConventions.ManifestPath))).OfType<V1Job>().Single();
        job.Metadata.Uid = Guid.NewGuid().ToString();
        job.Status = Job(_app).Complete(TimeSpan.FromSeconds(30)).Status;
        _api.Jobs.Add(job);
        var pod = Pod(job, "x", "Succeeded", Exited(0, DigestOf("generated")));
        pod.Spec = job.Spec.Template.Spec;
        _api.Pods.Add(pod);

        var result = Run("Status");

        Assert.Equal(0, result.ExitCode);
        var row = Assert.Single(result.StandardOutput.Split('\n'), l => l.Contains(" app "));
        Assert.Contains("built", row);
        Assert.Contains(DigestOf("generated"), row);
    }

    [Theory]
    [InlineData("--output", "json")]
    [InlineData("--output=json")]
    [InlineData("--json")]
    public void Json_report_is_all_that_goes_to_standard_output(params string[] option)
    {
        var result = Run(["Status", .. option]);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var image = Assert.Single(json.RootElement.GetProperty("images").EnumerateArray());
        Assert.Equal("app", image.GetProperty("image").GetString());
        Assert.Equal(_app.Hash.Value, image.GetProperty("contentHash").GetString());
        Assert.Equal(_app.Hash.Short, image.GetProperty("shortHash").GetString());
        Assert.Equal("not-synced", image.GetProperty("state").GetString());
    }

    [Fact]
    public void Namespace_option_overrides_images_yaml_and_a_missing_one_fails()
    {
        var result = Run("Status", "--namespace", "elsewhere");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"Namespace elsewhere does not exist at {_api.Server}", result.Output);
        Assert.DoesNotContain("   at ", result.Output);
    }

    [Fact]
    public void Wait_fails_when_a_build_fails_and_shows_why()
    {
        var job = Job(_app).Failed(TimeSpan.FromMinutes(1), "BackoffLimitExceeded", "Job has reached the specified backoff limit");
        _api.Jobs.Add(job);
        _api.Pods.Add(Pod(job, "a", "Failed", Exited(1, null)));
        _api.Logs[$"{job.Metadata.Name}-a"] = "error building image: parsing dockerfile\n";

        var result = Run("Status", "--wait");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("1 of 1 builds failed: app (failed).", result.Output);
        Assert.Contains("BackoffLimitExceeded", result.StandardOutput);
        Assert.Contains("error building image: parsing dockerfile", result.StandardOutput);
    }

    [Fact]
    public void Wait_times_out_with_the_running_builds_named()
    {
        _api.Jobs.Add(Job(_app).Running());

        var result = Run("Status", "--wait", "--timeout", "2s");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("waiting for app (running", result.StandardOutput);
        Assert.Contains("Timed out after 2s waiting for app (running).", result.Output);
    }

    [Fact]
    public void No_kubeconfig_is_a_clear_error_without_a_stack_trace()
    {
        var result = BuildRunner.Run(["Status", "--working", _repo.Path], new Dictionary<string, string?> { ["KUBECONFIG"] = "", ["HOME"] = _home.Path });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("No kubeconfig: KUBECONFIG is not set", result.Output);
        Assert.DoesNotContain("   at ", result.Output);
    }

    [Fact]
    public void Output_takes_text_or_json_only()
    {
        var result = Run("Status", "--output", "table");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--output: unknown format 'table'; use text or json.", result.StandardError);
        Assert.Equal("", result.StandardOutput);
    }

    private ProcessResult Run(params string[] arguments) =>
        BuildRunner.Run(
            [.. arguments, "--working", _repo.Path],
            new Dictionary<string, string?> { ["KUBECONFIG"] = _api.WriteKubeconfig(_home.Path), ["HOME"] = _home.Path });
}
