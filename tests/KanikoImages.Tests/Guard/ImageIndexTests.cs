using System.Text.Json;
using k8s;
using k8s.Models;
using KanikoImages.Manifests;
using KanikoImages.Manifests.Guard;
using KanikoImages.Tests.Images;
using KanikoImages.Tests.Manifests;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Guard;

/// <summary>
/// A multi-platform image's index Job exactly as the generated manifest carries it (its guard's and index
/// container's command lines and environment, the scripts of the ConfigMaps it mounts), run against a real registry
/// with Debian's buildah: the manifest is generated for the local registry, so every image reference is the Job's
/// own. Stand-ins: the volumes (folders), the verdict and digest files, buildah's storage (a folder) and the poll
/// interval (1s instead of 10s).
/// </summary>
public sealed class ImageIndexTests(RegistryFixture registries) : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public void The_index_joins_both_platforms_under_every_tag_and_a_second_run_skips()
    {
        var pod = Pod("app", "timeout: 30m");
        var sources = pod.Sources;
        PushPlatformImage(sources[0], "amd64");
        PushPlatformImage(sources[1], "arm64");

        var first = pod.Run();

        Assert.True(first.Index.ExitCode == 0, first.Index.Output);
        Assert.Equal("absent\n", first.Verdict);
        var digests = new HashSet<string>();
        foreach (var destination in pod.Destinations)
        {
            var index = Inspect(destination);
            Assert.True(index.ExitCode == 0, $"{destination}: {index.Output}");
            using var json = JsonDocument.Parse(index.StandardOutput);
            Assert.Contains(json.RootElement.GetProperty("mediaType").GetString(), IndexMediaTypes);
            var platforms = json.RootElement.GetProperty("manifests").EnumerateArray()
                .Select(m => m.GetProperty("platform").GetProperty("os").GetString() + "/" + m.GetProperty("platform").GetProperty("architecture").GetString());
            Assert.Equal(["linux/amd64", "linux/arm64"], platforms.Order(StringComparer.Ordinal));
            digests.Add(index.StandardOutput);
        }

        Assert.Single(digests);
        Assert.Equal([":1.0", ":latest", $":sha-{pod.Hash[..12]}"], pod.Destinations.Select(d => d[d.LastIndexOf(':')..]));
        Assert.StartsWith("sha256:", File.ReadAllText(pod.DigestFile));

        var second = Pod("app", "timeout: 30m").Run();
        Assert.Equal("exists\n", second.Verdict);
        Assert.Equal(0, second.Index.ExitCode);
        Assert.Equal($"image {pod.Destinations[^1]} for content {pod.Hash} already in registry: nothing to build\n", second.Index.StandardOutput);
    }

    [SkippableFact]
    public void A_missing_platform_image_is_waited_for_until_the_bound_and_then_fails_naming_it()
    {
        var pod = Pod("late", "timeout: 3s");
        PushPlatformImage(pod.Sources[0], "amd64");

        var run = pod.Run();

        Assert.True(run.Index.ExitCode == 1, run.Index.Output);
        Assert.True(run.Index.StandardOutput.Contains($"index: waiting for {pod.Sources[1]}", StringComparison.Ordinal), run.Index.Output);
        Assert.Contains($"index: {pod.Sources[1]} is still not in the registry after 3s (did its build Job fail?); last answer: ", run.Index.StandardError);
        Assert.Contains("manifest unknown", run.Index.StandardError);
        Assert.All(pod.Destinations, destination => Assert.NotEqual(0, Inspect(destination).ExitCode));
    }

    private static readonly string[] IndexMediaTypes =
        ["application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json"];

    [SkippableFact]
    public void Each_platform_build_has_its_own_guard_on_its_own_tag()
    {
        var (jobs, configMaps) = Manifest("solo", "timeout: 30m");
        var amd = jobs.Single(j => j.Metadata.Labels.TryGetValue(ManifestConventions.PlatformLabel, out var platform) && platform == "amd64");
        var scripts = configMaps[GuardConfigMapName(amd)].Data;
        var (check, kaniko) = (amd.Spec.Template.Spec.InitContainers.Single(), amd.Spec.Template.Spec.Containers.Single());
        var image = check.Env.Single(e => e.Name == BuildGuard.ImageVariable).Value;
        var hash = kaniko.Env.Single(e => e.Name == BuildGuard.ContentHashVariable).Value;
        Assert.EndsWith($":sha-{hash[..12]}-amd64", image);

        // The other platform's image and the index's tag are not this build's: it still builds, for its platform.
        PushPlatformImage(image.Replace("-amd64", "-arm64", StringComparison.Ordinal), "arm64");
        PushPlatformImage(image[..^"-amd64".Length], "amd64");
        using (var absent = new GuardPod(scripts).For(image, hash))
        {
            Assert.Equal(0, absent.RunCommand(CommandLine(check)).ExitCode);
            Assert.Equal(0, absent.RunCommand(CommandLine(kaniko)).ExitCode);
            Assert.Equal(kaniko.Args, absent.ExecutorArguments());
            Assert.Contains("--custom-platform=linux/amd64", kaniko.Args);
        }

        PushPlatformImage(image, "amd64");
        using var present = new GuardPod(scripts).For(image, hash);
        Assert.Equal(0, present.RunCommand(CommandLine(check)).ExitCode);
        Assert.Equal(0, present.RunCommand(CommandLine(kaniko)).ExitCode);
        Assert.Null(present.ExecutorArguments());
    }

    /// <summary>The index Job of <paramref name="image"/> (platforms amd64 and arm64) generated for the local registry, ready to run.</summary>
    private IndexPod Pod(string image, string imageSettings)
    {
        GuardTools.Require("buildah");
        var (jobs, configMaps) = Manifest(image, imageSettings);
        var job = jobs.Single(j => !j.Metadata.Labels.ContainsKey(ManifestConventions.PlatformLabel));
        return new IndexPod(Path.Combine(_folder.Path, Guid.NewGuid().ToString("N")), job, configMaps);
    }

    /// <summary>The Jobs of <paramref name="image"/> (platforms amd64 and arm64) and the manifest's ConfigMaps, generated for the local registry.</summary>
    private (IReadOnlyList<V1Job> Jobs, IReadOnlyDictionary<string, V1ConfigMap> ConfigMaps) Manifest(string image, string imageSettings)
    {
        var registry = registries.Open;
        using var repo = new ImageRepo(withSettings: false);
        repo.Write("images.yaml", $"registry: {registry.Host}/team\nregistryTls: plain-http\nkaniko:\n  registrySecret: null\n");
        repo.Write($"images/{image}/Dockerfile", "FROM alpine:3.20\nRUN uname -m\n");
        repo.Write($"images/{image}/image.yaml", $"contextMode: configmap\ntags: [\"1.0\", latest]\nplatforms: [linux/amd64, linux/arm64]\n{imageSettings}\n");
        var generated = ManifestGenerator.Generate(repo.Load(), repo.Path, new FixedSources(null), new ManifestOptions(false));
        var resources = KubernetesYaml.LoadAllFromString(generated.Manifest.Text());
        return (
            resources.OfType<V1Job>().Where(j => j.Metadata.Labels[ManifestConventions.ImageLabel] == image).ToList(),
            resources.OfType<V1ConfigMap>().ToDictionary(c => c.Metadata.Name));
    }

    /// <summary>What a container runs: its command followed by its args.</summary>
    private static List<string> CommandLine(V1Container container) => [.. container.Command ?? [], .. container.Args ?? []];

    /// <summary>The ConfigMap a Job mounts at the guard's scripts path.</summary>
    private static string GuardConfigMapName(V1Job job)
    {
        var spec = job.Spec.Template.Spec;
        var volume = spec.Containers.Single().VolumeMounts.Single(m => m.MountPath == BuildGuard.ScriptsMountPath).Name;
        return spec.Volumes.Single(v => v.Name == volume).ConfigMap.Name;
    }

    /// <summary>A one-layer-less image (umoci) whose configuration names the platform, pushed as the platform build would.</summary>
    private void PushPlatformImage(string reference, string architecture)
    {
        var layout = Path.Combine(_folder.Path, "layout-" + architecture + "-" + Guid.NewGuid().ToString("N"));
        string[][] steps =
        [
            ["init", "--layout", layout],
            ["new", "--image", layout + ":latest"],
            ["config", "--image", layout + ":latest", "--os=linux", "--architecture=" + architecture],
        ];
        foreach (var step in steps)
        {
            var result = ProcessResult.Run("umoci", step);
            Assert.True(result.ExitCode == 0, $"umoci {string.Join(' ', step)} failed:\n{result.Output}");
        }

        registries.Open.Push(layout, reference[(reference.IndexOf('/') + 1)..]);
    }

    private static ProcessResult Inspect(string reference) =>
        ProcessResult.Run("skopeo", ["inspect", "--tls-verify=false", "--raw", "docker://" + reference]);

    private sealed record IndexRun(string? Verdict, ProcessResult Check, ProcessResult Index);

    /// <summary>Plays the index Job's pod: the guard's init container, then the index container, with the Job's commands and environment.</summary>
    private sealed class IndexPod
    {
        private readonly string _root;
        private readonly V1Container _check;
        private readonly V1Container _index;
        private readonly Dictionary<string, string> _mounts = new(StringComparer.Ordinal);

        public IndexPod(string root, V1Job job, IReadOnlyDictionary<string, V1ConfigMap> configMaps)
        {
            _root = root;
            var spec = job.Spec.Template.Spec;
            (_check, _index) = (spec.InitContainers.Single(), spec.Containers.Single());
            foreach (var mount in _index.VolumeMounts)
            {
                var volume = spec.Volumes.Single(v => v.Name == mount.Name);
                var local = Path.Combine(root, mount.Name);
                Directory.CreateDirectory(local);
                if (volume.ConfigMap is { } configMap)
                {
                    foreach (var (key, text) in configMaps[configMap.Name].Data)
                    {
                        File.WriteAllText(Path.Combine(local, key), text);
                    }
                }

                _mounts[mount.MountPath] = local;
            }

            File.WriteAllText(Path.Combine(root, "no-credentials.json"), "{}");
            File.WriteAllText(Path.Combine(root, "storage.conf"), $"[storage]\ndriver = \"vfs\"\ngraphroot = \"{root}/storage\"\nrunroot = \"{root}/run\"\n");
        }

        public string Hash => Env(_index, BuildGuard.ContentHashVariable);

        public IReadOnlyList<string> Sources => Env(_index, ImageIndex.SourcesVariable).Split(' ');

        public IReadOnlyList<string> Destinations => Env(_index, ImageIndex.DestinationsVariable).Split(' ');

        public string DigestFile => Path.Combine(_root, "digest");

        public IndexRun Run()
        {
            var check = Start(_check);
            var result = Local(Env(_check, BuildGuard.ResultVariable));
            var verdict = File.Exists(result) ? File.ReadAllText(result) : null;
            return new IndexRun(verdict, check, Start(_index));
        }

        private ProcessResult Start(V1Container container)
        {
            var environment = container.Env.ToDictionary(e => e.Name, e => (string?)Local(e.Value));
            environment[ImageIndex.DigestFileVariable] = container == _index ? DigestFile : null;
            environment[ImageIndex.PollVariable] = "1";
            // An empty credentials file: none of this machine's leak in (buildah, unlike skopeo, refuses a missing one).
            environment[BuildGuard.AuthFileVariable] = Path.Combine(_root, "no-credentials.json");
            environment["CONTAINERS_STORAGE_CONF"] = Path.Combine(_root, "storage.conf");
            var commandLine = CommandLine(container);
            return ProcessResult.Run(commandLine[0], commandLine.Skip(1).Select(Local), environment: environment, timeout: TimeSpan.FromMinutes(2));
        }

        /// <summary>A path in a mounted volume, as this machine holds it.</summary>
        private string Local(string value) =>
            _mounts.Where(m => value.StartsWith(m.Key + "/", StringComparison.Ordinal)).Select(m => m.Value + value[m.Key.Length..]).FirstOrDefault() ?? value;

        private static string Env(V1Container container, string name) => container.Env.Single(e => e.Name == name).Value;
    }
}
