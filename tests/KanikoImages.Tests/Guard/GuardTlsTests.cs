using k8s.Models;
using KanikoImages.Manifests;
using KanikoImages.Manifests.Guard;
using KanikoImages.Tests.Images;
using KanikoImages.Tests.Manifests;

namespace KanikoImages.Tests.Guard;

/// <summary>
/// images.yaml registryTls and kaniko.caBundle as the guard sees them: the init container of a Job generated with
/// each setting (its environment and its CA mount) runs the real check script against Debian's docker-registry,
/// serving HTTPS with a self-signed certificate made by openssl, or plain HTTP.
/// </summary>
public sealed class GuardTlsTests(RegistryFixture registries) : IClassFixture<RegistryFixture>
{
    private const string Repository = "platform/app";

    [SkippableFact]
    public void Verify_without_the_ca_does_not_trust_the_registry_and_builds_saying_why()
    {
        var registry = registries.Https;
        var outcome = RunGuard(registry, "registryTls: verify", pushed: true);

        Assert.StartsWith("unknown registry check failed", outcome.Verdict);
        Assert.Contains("x509: certificate signed by unknown authority", outcome.Verdict);
        Assert.True(outcome.Built);
    }

    [SkippableFact]
    public void Verify_with_the_ca_bundle_trusts_the_registry()
    {
        var registry = registries.Https;

        Assert.Equal("absent\n", RunGuard(registry, "kaniko:\n  caBundle:\n    configMap: corporate-ca", pushed: false).Verdict);
        var outcome = RunGuard(registry, "kaniko:\n  caBundle:\n    configMap: corporate-ca", pushed: true);

        Assert.Equal("exists\n", outcome.Verdict);
        Assert.False(outcome.Built);
    }

    [SkippableFact]
    public void Skip_verify_accepts_the_self_signed_certificate()
    {
        var outcome = RunGuard(registries.Https, "registryTls: skip-verify", pushed: true);

        Assert.Equal("exists\n", outcome.Verdict);
        Assert.False(outcome.Built);
    }

    [SkippableFact]
    public void Plain_http_reaches_a_plain_http_registry_which_verify_cannot()
    {
        var registry = registries.Open;

        Assert.Equal("exists\n", RunGuard(registry, "registryTls: plain-http", pushed: true).Verdict);
        var verified = RunGuard(registry, "registryTls: verify", pushed: true);
        Assert.StartsWith("unknown", verified.Verdict);
        Assert.True(verified.Built);
    }

    /// <summary>
    /// Generates the Job for a registry on <paramref name="registry"/>'s host with the given images.yaml lines and
    /// plays its guard: the container's environment as generated, and its CA mount under
    /// /etc/containers/certs.d/&lt;host&gt; placed in the same lookup's per-user folder ($HOME/.config/containers/certs.d,
    /// containers-certs.d(5)), since the test cannot write to /etc.
    /// </summary>
    private GuardOutcome RunGuard(LocalRegistry registry, string settings, bool pushed)
    {
        using var repo = new ImageRepo(withSettings: false);
        repo.Write("images.yaml", $"registry: {registry.Host}/platform\n{settings}\n");
        repo.Write("images/app/Dockerfile", $"FROM alpine\n# {Guid.NewGuid()}\n");
        var job = ManifestGenerator.Generate(repo.Load(), repo.Path, new FixedSources(null), new ManifestOptions(false)).Images.Single().Job();
        var guard = job.Spec.Template.Spec.InitContainers.Single();
        var image = Env(guard, BuildGuard.ImageVariable);
        if (pushed)
        {
            registry.Push(registries.ImageLayout, image[(registry.Host.Length + 1)..]);
        }

        using var pod = new GuardPod().For(image, job.Metadata.Annotations[ManifestConventions.ContentHashAnnotation]);
        pod.Environment.Remove(BuildGuard.InsecureRegistryVariable);
        foreach (var variable in guard.Env.Where(e => e.Name is not (BuildGuard.ImageVariable or BuildGuard.ResultVariable or BuildGuard.AuthFileVariable)))
        {
            pod.Environment[variable.Name] = variable.Value;
        }

        var home = Path.Combine(pod.SharedVolume, "..", "home");
        Directory.CreateDirectory(home);
        pod.Environment["HOME"] = home;
        foreach (var mount in guard.VolumeMounts.Where(m => m.MountPath.StartsWith(BuildGuard.CertsDirectory + "/", StringComparison.Ordinal)))
        {
            var folder = Path.Combine(home, ".config", "containers", "certs.d", mount.MountPath[(BuildGuard.CertsDirectory.Length + 1)..]);
            Directory.CreateDirectory(folder);
            File.Copy(registries.Certificate, Path.Combine(folder, "ca.crt"));
        }

        return pod.Run();
    }

    private static string Env(V1Container container, string name) => container.Env.Single(e => e.Name == name).Value;
}
