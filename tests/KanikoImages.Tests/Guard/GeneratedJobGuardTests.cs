using k8s;
using k8s.Models;
using KanikoImages.Manifests;
using KanikoImages.Manifests.Guard;
using KanikoImages.Tests.Manifests;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Guard;

/// <summary>
/// The guard exactly as the generated manifest carries it: the containers' command lines and environment of
/// every Job in deploy/manifest.yaml and the scripts of the ConfigMap it mounts from the same manifest, run against
/// a real registry (only the registry host, the volumes, the credentials file and the executor are local stand-ins).
/// </summary>
public sealed class GeneratedJobGuardTests(RegistryFixture registries) : IClassFixture<RegistryFixture>
{
    public static TheoryData<string> Jobs => new(LoadManifests().SelectMany(m => m.Jobs).Select(job => job.Metadata.Name));

    [Theory]
    [MemberData(nameof(Jobs))]
    public void Job_runs_the_guard_scripts_with_the_hash_tag_of_its_content(string name)
    {
        var (job, scripts) = Job(name);
        var (check, kaniko) = Containers(job);
        var hash = job.Metadata.Annotations[ManifestConventions.ContentHashAnnotation];

        Assert.Equal(["sh", BuildGuard.CheckScriptPath], CommandLine(check));
        Assert.Equal([KanikoExecutor.Shell, BuildGuard.WrapperScriptPath], kaniko.Command);
        Assert.Equal(BuildGuard.CheckScript, scripts[BuildGuard.CheckScriptKey]);
        Assert.Equal(BuildGuard.WrapperScript, scripts[BuildGuard.WrapperScriptKey]);
        Assert.Equal(hash, Env(kaniko, BuildGuard.ContentHashVariable));
        Assert.EndsWith(":sha-" + hash[..12], Env(check, BuildGuard.ImageVariable));
        Assert.Equal(Env(check, BuildGuard.ImageVariable), Env(kaniko, BuildGuard.ImageVariable));
        Assert.Equal(BuildGuard.ResultPath, Env(check, BuildGuard.ResultVariable));
        Assert.Equal(BuildGuard.ResultPath, Env(kaniko, BuildGuard.ResultVariable));
        Assert.Contains(check.VolumeMounts, mount => mount.MountPath == BuildGuard.MountPath);
        Assert.Contains(kaniko.VolumeMounts, mount => mount.MountPath == BuildGuard.MountPath);
        Assert.Contains(check.VolumeMounts, mount => mount.MountPath == BuildGuard.ScriptsMountPath && mount.ReadOnlyProperty == true);
        Assert.Contains(kaniko.VolumeMounts, mount => mount.MountPath == BuildGuard.ScriptsMountPath && mount.ReadOnlyProperty == true);
    }

    [SkippableTheory]
    [MemberData(nameof(Jobs))]
    public void Job_skips_when_its_image_was_pushed_and_builds_with_its_arguments_when_not(string name)
    {
        var (job, scripts) = Job(name);
        var (check, kaniko) = Containers(job);
        var hash = Env(kaniko, BuildGuard.ContentHashVariable);
        var registry = registries.Open;
        var image = $"{registry.Host}/{RepositoryPath(Env(check, BuildGuard.ImageVariable))}";

        using var absent = new GuardPod(scripts).For(image, hash);
        Assert.Equal(0, absent.RunCommand(CommandLine(check)).ExitCode);
        var build = absent.RunCommand(CommandLine(kaniko));
        Assert.Equal(kaniko.Args, absent.ExecutorArguments());
        Assert.Equal(0, build.ExitCode);

        registry.Push(registries.ImageLayout, RepositoryPath(image));
        using var present = new GuardPod(scripts).For(image, hash);
        Assert.Equal(0, present.RunCommand(CommandLine(check)).ExitCode);
        var skip = present.RunCommand(CommandLine(kaniko));
        Assert.Null(present.ExecutorArguments());
        Assert.Equal(0, skip.ExitCode);
        Assert.Equal($"image {image} for content {hash} already in registry: nothing to build\n", skip.StandardOutput);
    }

    /// <summary>
    /// The reviewed golden manifest: byte for byte what the generator writes for its catalog (GoldenManifestTests).
    /// Not the repository's deploy/manifest.yaml: the tests never depend on the images a team keeps.
    /// </summary>
    private static IReadOnlyList<(IReadOnlyList<V1Job> Jobs, IReadOnlyList<V1ConfigMap> ConfigMaps)> LoadManifests()
    {
        var golden = Path.Combine(GoldenCatalog.Folder, "manifest.yaml");
        var resources = KubernetesYaml.LoadAllFromString(File.ReadAllText(golden));
        var jobs = resources.OfType<V1Job>().ToList();
        Assert.True(jobs.Count > 0, $"{golden} holds no Job");
        return [(jobs, resources.OfType<V1ConfigMap>().ToList())];
    }

    /// <summary>The Job and the data of the ConfigMap its pod mounts at the scripts path, from the Job's own manifest.</summary>
    private static (V1Job Job, IDictionary<string, string> Scripts) Job(string name)
    {
        var (jobs, configMaps) = LoadManifests().Single(m => m.Jobs.Any(job => job.Metadata.Name == name));
        var job = jobs.Single(j => j.Metadata.Name == name);
        var spec = job.Spec.Template.Spec;
        var volume = spec.Containers.Single().VolumeMounts.Single(mount => mount.MountPath == BuildGuard.ScriptsMountPath).Name;
        var configMap = spec.Volumes.Single(v => v.Name == volume).ConfigMap.Name;
        return (job, configMaps.Single(c => c.Metadata.Name == configMap).Data);
    }

    private static (V1Container Check, V1Container Kaniko) Containers(V1Job job) =>
        (job.Spec.Template.Spec.InitContainers.Single(), job.Spec.Template.Spec.Containers.Single());

    /// <summary>What the container runs: its command followed by its args.</summary>
    private static List<string> CommandLine(V1Container container) => [.. container.Command ?? [], .. container.Args ?? []];

    private static string Env(V1Container container, string name) => container.Env.Single(variable => variable.Name == name).Value;

    /// <summary>The reference without its registry host: registry.example/team/app:tag -> team/app:tag.</summary>
    private static string RepositoryPath(string reference)
    {
        var slash = reference.IndexOf('/');
        var first = slash < 0 ? "" : reference[..slash];
        return first.Contains('.') || first.Contains(':') || first == "localhost" ? reference[(slash + 1)..] : reference;
    }
}
