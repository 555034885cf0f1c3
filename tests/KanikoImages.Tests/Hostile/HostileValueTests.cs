using System.Diagnostics;
using KanikoImages.Manifests;
using KanikoImages.Status;
using KanikoImages.Tests.Images;
using KanikoImages.Tests.Manifests;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Hostile;

/// <summary>Values that once passed unchecked or ended in a raw .NET message (issue 21): each is refused where it enters, naming file and key.</summary>
public sealed class HostileValueTests : IDisposable
{
    private readonly ImageRepo _repo = new();

    public HostileValueTests() => _repo.Write("images/app/Dockerfile", "FROM alpine:3.20\n");

    public void Dispose() => _repo.Dispose();

    [Theory]
    [InlineData("resources:\n  limits:\n    memory: 1e1000000\n", "images/app/image.yaml:3: 'resources.limits.memory' '1e1000000' is larger than any Kubernetes quantity")]
    [InlineData("resources:\n  limits:\n    cpu: 99999999999999999999\n", "images/app/image.yaml:3: 'resources.limits.cpu' '99999999999999999999' is larger than any Kubernetes quantity")]
    [InlineData("target: \"build\\nRUN evil\"\n", "images/app/image.yaml:1: 'target'")]
    [InlineData("target: \"-x\"\n", "not a Dockerfile stage name")]
    [InlineData("tags: [\"1.0\", latest, \"1.0\"]\n", "images/app/image.yaml:1: 'tags' lists '1.0' more than once")]
    [InlineData("tags: [\"1.0\", null]\n", "images/app/image.yaml:1: 'tags' holds a null item")]
    [InlineData("tags:\n  - \"1.0\"\n  -\n", "'tags' holds a null item")]
    [InlineData("labels:\n  app.kubernetes.io/instance: mine\n", "images/app/image.yaml:2: 'labels' 'app.kubernetes.io/instance' is a label kaniko-k8s-images or Argo CD sets itself")]
    public void A_bad_image_yaml_value_is_refused_naming_file_line_and_key(string yaml, string expected)
    {
        _repo.Write("images/app/image.yaml", yaml);

        var watch = Stopwatch.StartNew();
        var error = _repo.Error();

        Assert.Contains(expected, error);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Every_bad_build_arg_name_and_reserved_label_is_reported_in_one_run()
    {
        _repo.Write(
            "images/app/image.yaml",
            "buildArgs:\n  1BAD: x\n  GOOD: y\n  has-dash: z\nlabels:\n  app.kubernetes.io/name: a\n  kaniko-k8s-images/image: b\n  team: c\n");

        var error = _repo.Error();

        Assert.Contains("'1BAD' is not a valid build argument name", error);
        Assert.Contains("'has-dash' is not a valid build argument name", error);
        Assert.Contains("'app.kubernetes.io/name' is a label", error);
        Assert.Contains("'kaniko-k8s-images/image' is a label", error);
        Assert.DoesNotContain("GOOD", error);
        Assert.DoesNotContain("'team'", error);
    }

    [Theory]
    [InlineData("kaniko:\n  image: \"gcr.io/kaniko-project/executor:debug --insecure\"\n", "images.yaml:3: 'kaniko.image'", "not an image reference")]
    [InlineData("guard:\n  image: \"alpine:3.20\\nmalicious: true\"\n", "images.yaml:3: 'guard.image'", "not an image reference")]
    [InlineData("guard:\n  image: \"https://alpine:3.20\"\n", "'guard.image'", "not an image reference")]
    [InlineData("git:\n  branch: \"main#evil\"\n", "images.yaml:3: 'git.branch'", "holds '#'")]
    [InlineData("git:\n  branch: \"feature..x\"\n", "'git.branch'", "not a git branch name")]
    [InlineData("git:\n  branch: \"-rf\"\n", "'git.branch'", "starts with '-'")]
    [InlineData("git:\n  branch: \"a/.hidden\"\n", "'git.branch'", "starting with '.'")]
    [InlineData("git:\n  branch: \"x.lock\"\n", "'git.branch'", "'.lock'")]
    [InlineData("git:\n  url: \"https://user:ghp_secret@github.com/o/r.git\"\n", "images.yaml:3: 'git.url'", "credentials must never be written to deploy/")]
    [InlineData("git:\n  url: \"https://x-access-token@github.com/o/r.git\"\n", "'git.url'", "before '@'")]
    [InlineData("git:\n  url: \"https://github.com/o/r.git?access_token=ghp_secret\"\n", "'git.url'", "a query")]
    [InlineData("git:\n  url: \"https://github.com/o/r.git#token\"\n", "'git.url'", "a fragment")]
    [InlineData("git:\n  url: \"git@github.com:o/r.git?token=x\"\n", "'git.url'", "credentials must never")]
    [InlineData("registry: \"-registry.example.com/x\"\n", "images.yaml:1: 'registry'", "DNS")]
    [InlineData("registry: \"registry-.example.com/x\"\n", "'registry'", "DNS")]
    [InlineData("registry: \"registry.example.com:99999999/x\"\n", "'registry'", "DNS")]
    public void A_bad_images_yaml_value_is_refused_naming_file_line_and_key(string yaml, string where, string what)
    {
        _repo.Write("images.yaml", yaml.StartsWith("registry:") ? yaml : "registry: registry.example.com/x\n" + yaml);

        var error = _repo.Error();

        Assert.Contains(where, error);
        Assert.Contains(what, error);
        Assert.DoesNotContain("ghp_secret", error);
    }

    [Theory]
    [InlineData("kaniko:\n  image: gcr.io/kaniko-project/executor:v1.23.2-debug\n")]
    [InlineData("guard:\n  image: \"registry.example.com:5000/tools/crane@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"\n")]
    [InlineData("git:\n  url: \"ssh://git@github.com/o/r.git\"\n  branch: release/v1.2\n")]
    [InlineData("git:\n  url: \"git@github.com:o/r.git\"\n")]
    [InlineData("registry: \"localhost:5000/team\"\n")]
    public void Good_values_still_pass(string yaml)
    {
        _repo.Write("images.yaml", yaml.StartsWith("registry:") ? yaml : "registry: registry.example.com/x\n" + yaml);

        Assert.Single(_repo.Load().Images);
    }

    [Fact]
    public void A_50_MB_build_arg_in_image_yaml_is_refused_naming_the_file()
    {
        _repo.Write("images/app/image.yaml", "buildArgs:\n  HUGE: " + new string('x', 50 * 1024 * 1024) + "\n");

        Assert.Contains("images/app/image.yaml: is larger than 4 MiB", _repo.Error());
    }

    [Fact]
    public void A_Dockerfile_of_2_GB_is_refused_before_it_is_read()
    {
        using (var dockerfile = File.Open(_repo.Full("images/app/Dockerfile"), FileMode.Append))
        {
            dockerfile.SetLength(2L << 30); // sparse
        }

        Assert.Contains("images/app/Dockerfile: is larger than 16 MiB", _repo.Error());
    }

    [Fact]
    public void A_Job_far_above_the_API_servers_object_limit_is_refused_naming_the_image()
    {
        using var images = new TestImages();
        images.Add(
            "big",
            new Dictionary<string, byte[]> { ["Dockerfile"] = "FROM scratch\n"u8.ToArray() },
            i => i with { BuildArgs = [new("HUGE", new string('x', 50 * 1024 * 1024))] });

        var error = Assert.Throws<ManifestException>(() => images.Generate());

        Assert.Contains("images/big: its Job would be", error.Message);
        Assert.Contains("1,572,864 bytes (1.5 MiB)", error.Message);
    }

    [Fact]
    public void A_Job_near_the_limit_is_a_warning()
    {
        using var images = new TestImages();
        images.Add(
            "large",
            new Dictionary<string, byte[]> { ["Dockerfile"] = "FROM scratch\n"u8.ToArray() },
            i => i with { BuildArgs = [new("LARGE", new string('x', 1200 * 1024))] });

        var result = images.Generate();

        Assert.Contains(result.Warnings, w => w.Contains("images/large: its Job is") && w.Contains("near the"));
    }

    [Fact]
    public void A_configmap_context_file_of_1_9_GB_is_refused_before_it_is_read()
    {
        _repo.Write("images/app/image.yaml", "contextMode: configmap\n");
        using (var huge = File.Create(_repo.Full("images/app/huge.bin")))
        {
            huge.SetLength(1900L * 1024 * 1024); // sparse: no disk, and hashing it streams
        }

        var result = BuildRunner.Run(["GenerateManifests", "--working", _repo.Path], new Dictionary<string, string?> { ["DOTNET_GCHeapHardLimit"] = "0x20000000" });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("images/app/huge.bin: is 1,992,294,400 bytes, more than the 1,048,576 bytes (1 MiB) a Kubernetes ConfigMap can hold", result.Output);
        Assert.False(Directory.Exists(_repo.Full("deploy")));
    }

    [Fact]
    public void KUBECONFIG_naming_an_empty_file_is_a_message_naming_it()
    {
        var empty = _repo.Write("kube/empty", "");

        var error = Assert.Throws<StatusException>(() => ClusterConnection.Connect(null, new Dictionary<string, string> { ["KUBECONFIG"] = empty }, _repo.Path));

        Assert.Contains(empty, error.Message);
        Assert.DoesNotContain("Object reference", error.Message);
    }

    [Fact]
    public void KUBECONFIG_naming_a_folder_says_so()
    {
        var folder = Directory.CreateDirectory(_repo.Full("kube")).FullName;

        var error = Assert.Throws<StatusException>(() => ClusterConnection.Connect(null, new Dictionary<string, string> { ["KUBECONFIG"] = folder }, _repo.Path));

        Assert.Equal($"KUBECONFIG names {folder}, which is a folder; it must name kubeconfig files.", error.Message);
    }
}
