using System.Diagnostics;
using k8s;
using k8s.Models;
using KanikoImages.Manifests;
using KanikoImages.Manifests.Guard;
using KanikoImages.Manifests.Resources;
using KanikoImages.Tests.Images;
using KanikoImages.Tests.Manifests;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Guard;

/// <summary>
/// The base wait exactly as the generated manifest carries it (the dependent Job's wait-for-bases container: its
/// command and environment, and the script from the manifest's ConfigMap), run against a real registry: it waits,
/// proceeds once the base's sha tag is pushed, gives up cleanly after its bound, and does not wait when the guard
/// found the image itself already built. Only the registry host and the shared volume are local stand-ins.
/// </summary>
public sealed class BaseWaitTests(RegistryFixture registries) : IClassFixture<RegistryFixture>, IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [SkippableFact]
    public void The_dependent_waits_and_proceeds_once_the_base_hash_tag_is_pushed()
    {
        var (wait, script, baseTag) = Generated();
        var registry = registries.Open;
        var local = Local(registry, baseTag, "proceeds");

        using var process = Start(wait, script, local, boundSeconds: 120);

        // It is waiting: it has looked at least once and found nothing.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Output().Contains("base-wait: waiting for base image " + local, StringComparison.Ordinal) && !process.HasExited && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(100);
        }

        Assert.False(process.HasExited, $"the wait ended before the base was pushed:\n{Output()}");
        Assert.Contains("base-wait: waiting for base image " + local, Output());

        registry.Push(registries.ImageLayout, local[(registry.Host.Length + 1)..]);

        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(90)), "the wait did not notice the pushed base");
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}:\n{Output()}");
        Assert.Contains($"base-wait: {local} is in the registry", Output());
    }

    [SkippableFact]
    public void The_dependent_gives_up_cleanly_after_its_bound_naming_the_base()
    {
        var (wait, script, baseTag) = Generated();
        var local = Local(registries.Open, baseTag, "gives-up");

        using var process = Start(wait, script, local, boundSeconds: 2);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "the wait did not give up");

        Assert.Equal(BaseWait.GaveUpExitCode, process.ExitCode);
        Assert.Contains($"base image {local} is not in the registry (its build has not finished, or failed); not building on an older base", Output("stderr"));
        Assert.Contains("waiting for base image " + local, Output());
    }

    [SkippableFact]
    public void A_dependent_whose_own_image_is_already_built_does_not_wait()
    {
        var (wait, script, baseTag) = Generated();
        var local = Local(registries.Open, baseTag, "own-image-built");
        File.WriteAllText(Path.Combine(_folder.Path, "result"), "exists\n");

        using var process = Start(wait, script, local, boundSeconds: 120);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)));

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("already in the registry: not waiting for its bases", Output());
        Assert.DoesNotContain("waiting for base image", Output());
    }

    /// <summary>The dependent's wait container, the script its ConfigMap volume holds, and the base reference, from a generated manifest.</summary>
    private static (V1Container Wait, string Script, string BaseTag) Generated()
    {
        using var repo = new ImageRepo();
        repo.Write("images/base/Dockerfile", "FROM alpine:3.20\n");
        repo.Write("images/app/Dockerfile", $"ARG BASE={ImageRepo.Registry}/base:latest\nFROM $BASE\n");
        var manifest = ManifestGenerator.Generate(repo.Load(), repo.Path, new FixedSources(null), new ManifestOptions(false)).Manifest.Text();
        var resources = KubernetesYaml.LoadAllFromString(manifest);
        var pod = resources.OfType<V1Job>().Single(j => j.Metadata.Name.StartsWith("app-", StringComparison.Ordinal)).Spec.Template.Spec;
        var wait = pod.InitContainers.Single(c => c.Name == BaseWait.ContainerName);
        var volume = wait.VolumeMounts.Single(m => m.MountPath == BaseWait.ScriptsMountPath).Name;
        var configMap = pod.Volumes.Single(v => v.Name == volume).ConfigMap.Name;
        var script = resources.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == configMap).Data[BaseWait.ScriptKey];
        return (wait, script, wait.Env.Single(e => e.Name == BaseWait.BasesVariable).Value);
    }

    /// <summary>The base reference on the local registry, under a repository of this test's own.</summary>
    private static string Local(LocalRegistry registry, string baseTag, string test) =>
        $"{registry.Host}/{test}/{baseTag[(baseTag.LastIndexOf('/') + 1)..]}";

    /// <summary>What the container wrote so far to "stdout" or "stderr" (files, read while it runs).</summary>
    private string Output(string stream = "stdout")
    {
        var file = Path.Combine(_folder.Path, stream);
        return File.Exists(file) ? File.ReadAllText(file) : "";
    }

    /// <summary>
    /// Starts the container's command line with its environment, its output going to files (a container's log);
    /// the registry, the bound and the volumes are local.
    /// </summary>
    private Process Start(V1Container wait, string script, string baseImage, int boundSeconds)
    {
        var scriptPath = Path.Combine(_folder.Path, BaseWait.ScriptKey);
        File.WriteAllText(scriptPath, script);
        var info = new ProcessStartInfo("sh") { UseShellExecute = false };
        foreach (var argument in new[] { "-c", "exec \"$@\" >\"$0/stdout\" 2>\"$0/stderr\"", _folder.Path, wait.Command[0] })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var argument in wait.Command.Skip(1))
        {
            info.ArgumentList.Add(argument == BaseWait.ScriptPath ? scriptPath : argument);
        }

        foreach (var variable in wait.Env)
        {
            info.Environment[variable.Name] = variable.Value;
        }

        info.Environment[BaseWait.BasesVariable] = baseImage;
        info.Environment[BaseWait.TimeoutVariable] = boundSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment[BaseWait.IntervalVariable] = "1";
        info.Environment[BuildGuard.ResultVariable] = Path.Combine(_folder.Path, "result");
        info.Environment[BuildGuard.InsecureRegistryVariable] = "true";
        info.Environment[BuildGuard.AuthFileVariable] = Path.Combine(_folder.Path, "no-credentials.json");
        return Process.Start(info)!;
    }
}
