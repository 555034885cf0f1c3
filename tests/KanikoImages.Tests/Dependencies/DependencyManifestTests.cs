using System.Text;
using k8s;
using k8s.Models;
using KanikoImages.Manifests;
using KanikoImages.Manifests.Guard;
using KanikoImages.Manifests.Resources;
using KanikoImages.Tests.Images;
using KanikoImages.Tests.Manifests;

namespace KanikoImages.Tests.Dependencies;

/// <summary>
/// The manifest of a repository with a base and two dependents: valid, ordered by sync waves, each dependent
/// waiting for its base's hash tag, its ARG pinned to it; an image without bases keeps its Job byte for byte.
/// </summary>
public sealed class DependencyManifestTests : IDisposable
{
    private const string Base = ImageRepo.Registry + "/base";

    private readonly ImageRepo _repo = new();

    public DependencyManifestTests()
    {
        _repo.Write("images/base/Dockerfile", "FROM python:3.12-slim\nRUN useradd app\n");
        _repo.Write("images/base/image.yaml", "tags: [\"3.12\"]\ncontextMode: configmap\n");
        _repo.Write("images/api/Dockerfile", $"ARG BASE={Base}:3.12\nFROM $BASE\nCMD [\"python\"]\n");
        _repo.Write("images/worker/Dockerfile", $"FROM {Base}:3.12\nCMD [\"python\", \"-m\", \"worker\"]\n");
        _repo.Write("images/plain/Dockerfile", "FROM alpine:3.20\n");
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Dependents_run_in_a_later_sync_wave_wait_for_the_base_hash_tag_and_pin_the_ARG_to_it()
    {
        var generated = Generate();
        var jobs = generated.Images.ToDictionary(i => i.Image.Name, i => i.Job());
        var baseTag = $"{Base}:sha-{generated.Images.Single(i => i.Image.Name == "base").Image.Hash.Short}";

        Assert.Equal("1", jobs["api"].Metadata.Annotations[BaseOrdering.SyncWaveAnnotation]);
        Assert.Equal("1", jobs["worker"].Metadata.Annotations[BaseOrdering.SyncWaveAnnotation]);
        Assert.False(jobs["base"].Metadata.Annotations.ContainsKey(BaseOrdering.SyncWaveAnnotation));
        Assert.False(jobs["plain"].Metadata.Annotations.ContainsKey(BaseOrdering.SyncWaveAnnotation));

        foreach (var dependent in new[] { "api", "worker" })
        {
            var pod = jobs[dependent].Spec.Template.Spec;
            Assert.Equal([JobBuilder.GuardContainer, BaseWait.ContainerName], pod.InitContainers.Select(c => c.Name));
            var wait = pod.InitContainers[1];
            Assert.Equal(["sh", BaseWait.ScriptPath], wait.Command);
            Assert.Equal(baseTag, wait.Env.Single(e => e.Name == BaseWait.BasesVariable).Value);
            Assert.Equal("1200", wait.Env.Single(e => e.Name == BaseWait.TimeoutVariable).Value);
            Assert.Contains(pod.Volumes, v => v.ConfigMap?.Name == BaseOrdering.ConfigMapName);
        }

        Assert.Contains($"--build-arg=BASE={baseTag}", jobs["api"].Spec.Template.Spec.Containers[0].Args);
        // A literal FROM has no ARG to pin: the wave and the wait order it.
        Assert.DoesNotContain(jobs["worker"].Spec.Template.Spec.Containers[0].Args, a => a.StartsWith("--build-arg=", StringComparison.Ordinal));
        Assert.Single(KubernetesYaml.LoadAllFromString(generated.Manifest.Text()).OfType<V1ConfigMap>(), c => c.Metadata.Name == BaseOrdering.ConfigMapName);
    }

    [Fact]
    public void A_multi_platform_dependent_waits_in_each_platform_build_and_its_index_Job_shares_the_wave()
    {
        _repo.Write("images/api/image.yaml", "contextMode: configmap\nplatforms: [linux/amd64, linux/arm64]\n");

        var api = Generate().Images.Single(i => i.Image.Name == "api");
        var jobs = api.Documents.TakeLast(api.JobNames.Count).Select(d => KubernetesYaml.Deserialize<V1Job>(Encoding.UTF8.GetString(d))).ToList();

        Assert.Equal(3, jobs.Count);
        Assert.All(jobs, j => Assert.Equal("1", j.Metadata.Annotations[BaseOrdering.SyncWaveAnnotation]));
        Assert.All(jobs[..2], j => Assert.Contains(j.Spec.Template.Spec.InitContainers, c => c.Name == BaseWait.ContainerName));
        Assert.DoesNotContain(jobs[2].Spec.Template.Spec.InitContainers, c => c.Name == BaseWait.ContainerName);
    }

    [Fact]
    public void The_base_wait_timeout_is_a_setting()
    {
        _repo.Write("images.yaml", $"registry: {ImageRepo.Registry}\nguard:\n  baseWaitTimeout: 5m\n");

        var api = Generate().Images.Single(i => i.Image.Name == "api").Job();

        Assert.Equal("300", api.Spec.Template.Spec.InitContainers[1].Env.Single(e => e.Name == BaseWait.TimeoutVariable).Value);
    }

    [Fact]
    public void A_dependent_whose_timeout_would_end_the_wait_first_is_warned_about()
    {
        _repo.Write("images.yaml", $"registry: {ImageRepo.Registry}\ndefaults:\n  timeout: 15m\n");
        _repo.Write("images/api/image.yaml", "contextMode: configmap\ntimeout: 1h\n");

        var warnings = Generate().Warnings;

        Assert.Contains("images/worker: its timeout (15m) is not longer than guard.baseWaitTimeout (20m): the Job's deadline would end the wait for its bases before the build could start.", warnings);
        Assert.DoesNotContain(warnings, w => w.StartsWith("images/api:", StringComparison.Ordinal) || w.StartsWith("images/base:", StringComparison.Ordinal));
    }

    [Fact]
    public void An_image_without_bases_keeps_its_Job_and_a_manifest_without_dependents_has_no_wait_ConfigMap()
    {
        var withDependents = Generate();

        Directory.Delete(_repo.Full("images/api"), recursive: true);
        Directory.Delete(_repo.Full("images/worker"), recursive: true);
        var without = Generate();

        foreach (var name in new[] { "base", "plain" })
        {
            Assert.Equal(
                Encoding.UTF8.GetString(withDependents.Images.Single(i => i.Image.Name == name).Documents[^1]),
                Encoding.UTF8.GetString(without.Images.Single(i => i.Image.Name == name).Documents[^1]));
        }

        Assert.DoesNotContain(BaseOrdering.ConfigMapName, without.Manifest.Text());
    }

    [SkippableFact]
    public void The_manifest_is_valid_in_process_and_under_the_strict_schemas() => ClusterOptionsTests.AssertValid(_repo);

    private GeneratedManifests Generate() =>
        ManifestGenerator.Generate(_repo.Load(), _repo.Path, new FixedSources(null), new ManifestOptions(false));
}
