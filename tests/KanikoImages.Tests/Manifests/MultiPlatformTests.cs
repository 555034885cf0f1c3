using System.Text;
using k8s;
using k8s.Models;
using KanikoImages.Images;
using KanikoImages.Manifests;
using KanikoImages.Manifests.Guard;
using KanikoImages.Manifests.Output;
using KanikoImages.Manifests.Resources;
using KanikoImages.Tests.Images;
using KanikoImages.Validation;
using KanikoImages.Validation.Schemas;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Manifests;

/// <summary>
/// Issue 18: platforms in image.yaml and images.yaml defaults; one build Job per platform on a node of that
/// platform pushing only its own tag, one index Job joining them under every tag; platforms in the content hash.
/// </summary>
public sealed class MultiPlatformTests : IDisposable
{
    public const string Registry = "registry.example.com/platform";

    private readonly ImageRepo _repo = new(withSettings: false);

    public MultiPlatformTests()
    {
        _repo.Write("images.yaml", $"registry: {Registry}\n");
        _repo.Write("images/app/Dockerfile", "FROM alpine:3.20\nRUN uname -m > /arch\n");
        _repo.Write("images/app/image.yaml", "contextMode: configmap\ntags: [\"1.0\", latest]\nplatforms: [linux/arm64, linux/amd64]\n");
        _repo.Write("images/plain/Dockerfile", "FROM alpine:3.20\n");
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Two_platform_manifest_matches_its_golden_copy()
    {
        var manifest = Generate().Manifest.Text();

        var golden = Path.Combine(GoldenCatalog.Folder, "multi-platform-manifest.yaml");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, manifest);
        }

        Assert.Equal(File.ReadAllText(golden), manifest);
    }

    [Fact]
    public void Each_platform_builds_on_its_nodes_and_pushes_only_its_own_tag()
    {
        var app = Generate().Images.Single(i => i.Image.Name == "app");
        var hash = app.Image.Hash.Short;
        var jobs = Jobs(app);

        Assert.Equal([$"app-{hash}-amd64", $"app-{hash}-arm64", $"app-{hash}"], jobs.Select(j => j.Metadata.Name));
        Assert.Equal([$"app-{hash}-amd64", $"app-{hash}-arm64", $"app-{hash}"], app.JobNames);
        foreach (var (job, arch) in jobs.Take(2).Zip(["amd64", "arm64"]))
        {
            var pod = job.Spec.Template.Spec;
            Assert.Equal(new Dictionary<string, string> { ["kubernetes.io/arch"] = arch, ["kubernetes.io/os"] = "linux" }, pod.NodeSelector);
            Assert.Equal(arch, job.Metadata.Labels[ManifestConventions.PlatformLabel]);
            var args = pod.Containers.Single().Args;
            Assert.Equal([$"--destination={Registry}/app:sha-{hash}-{arch}"], args.Where(a => a.StartsWith("--destination=", StringComparison.Ordinal)));
            Assert.Contains($"--custom-platform=linux/{arch}", args);
            Assert.Equal($"{Registry}/app:sha-{hash}-{arch}", Env(pod.InitContainers.Single(), BuildGuard.ImageVariable));
        }

        var index = jobs[2];
        Assert.False(index.Metadata.Labels.ContainsKey(ManifestConventions.PlatformLabel));
        var container = index.Spec.Template.Spec.Containers.Single();
        Assert.Equal(ImageIndex.DefaultImage, container.Image);
        Assert.Equal(["sh", BuildGuard.WrapperScriptPath, ImageIndex.ScriptPath], container.Command.Concat(container.Args));
        Assert.Equal($"{Registry}/app:sha-{hash}", Env(index.Spec.Template.Spec.InitContainers.Single(), BuildGuard.ImageVariable));
        Assert.Equal($"{Registry}/app:sha-{hash}-amd64 {Registry}/app:sha-{hash}-arm64", Env(container, ImageIndex.SourcesVariable));
        Assert.Equal($"{Registry}/app:1.0 {Registry}/app:latest {Registry}/app:sha-{hash}", Env(container, ImageIndex.DestinationsVariable));
        Assert.Equal("1800", Env(container, ImageIndex.WaitVariable));
        Assert.DoesNotContain(index.Spec.Template.Spec.Volumes, v => v.Name == ContextConfigMapBuilder.VolumeName);
    }

    [Fact]
    public void A_git_context_with_build_args_and_target_is_built_the_same_way_on_every_platform()
    {
        const string commit = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
        _repo.Write("images.yaml", $"registry: {Registry}\ngit:\n  url: https://git.example.com/team/images.git\n");
        _repo.Write("images/app/image.yaml", "tags: [\"2.0\"]\nbuildArgs: {BASE: slim}\ntarget: runtime\nplatforms: [linux/amd64, linux/arm64]\n");
        _repo.Write("images/app/app.py", "print('hello')\n");
        var sources = new FixedSources(new KanikoImages.Manifests.Sources.SourceHistory(
            "", [new KanikoImages.Manifests.Sources.CommitChanges(commit, ["images/app/Dockerfile", "images/app/image.yaml", "images/app/app.py"])], []));

        var app = ManifestGenerator.Generate(_repo.Load(), _repo.Path, sources, new ManifestOptions(false)).Images.Single(i => i.Image.Name == "app");
        var jobs = Jobs(app);

        Assert.Equal(ContextMode.Git, app.Mode);
        Assert.Equal(3, app.Documents.Count);
        var builds = jobs.Take(2).Select(j => j.Spec.Template.Spec.Containers.Single().Args).ToList();
        foreach (var (args, arch) in builds.Zip(["amd64", "arm64"]))
        {
            Assert.Contains($"--destination={Registry}/app:sha-{app.Image.Hash.Short}-{arch}", args);
            Assert.Contains("--build-arg=BASE=slim", args);
            Assert.Contains("--target=runtime", args);
            Assert.Contains("--label=org.opencontainers.image.revision=" + commit, args);
            Assert.Contains(args, a => a.StartsWith("--context=git://git.example.com/team/images.git#refs/heads/main#" + commit, StringComparison.Ordinal));
        }

        // Apart from the platform, the two builds are the same build.
        Assert.Equal(
            builds[0].Where(a => !a.Contains("amd64", StringComparison.Ordinal)),
            builds[1].Where(a => !a.Contains("arm64", StringComparison.Ordinal)));
        Assert.Equal($"{Registry}/app:2.0 {Registry}/app:sha-{app.Image.Hash.Short}", Env(jobs[2].Spec.Template.Spec.Containers.Single(), ImageIndex.DestinationsVariable));
    }

    [Fact]
    public void A_variant_gets_a_valid_name_and_tag_and_its_architecture_node_label()
    {
        _repo.Write("images/app/image.yaml", "contextMode: configmap\nplatforms: [linux/arm/v7, linux/amd64]\n");

        var app = Generate().Images.Single(i => i.Image.Name == "app");
        var arm = Jobs(app).Single(j => j.Metadata.Name.EndsWith("-arm-v7", StringComparison.Ordinal));

        Assert.Equal("arm", arm.Spec.Template.Spec.NodeSelector["kubernetes.io/arch"]);
        Assert.Equal("arm-v7", arm.Metadata.Labels[ManifestConventions.PlatformLabel]);
        Assert.Contains("--custom-platform=linux/arm/v7", arm.Spec.Template.Spec.Containers.Single().Args);
        Assert.Contains($"--destination={Registry}/app:sha-{app.Image.Hash.Short}-arm-v7", arm.Spec.Template.Spec.Containers.Single().Args);
    }

    [Fact]
    public void A_long_image_name_is_cut_so_every_job_name_stays_a_kubernetes_name()
    {
        var name = new string('a', 60);
        _repo.Write($"images/{name}/Dockerfile", "FROM alpine:3.20\n");
        _repo.Write($"images/{name}/image.yaml", "contextMode: configmap\nplatforms: [linux/arm/v7]\n");

        var image = Generate().Images.Single(i => i.Image.Name == name);

        Assert.All(image.JobNames, n => Assert.True(KanikoImages.Images.Discovery.KubernetesName.IsLabel(n), n));
        Assert.EndsWith("-arm-v7", image.JobNames[0]);
    }

    [Fact]
    public void Defaults_platforms_apply_to_images_without_their_own()
    {
        _repo.Write("images.yaml", $"registry: {Registry}\ndefaults:\n  platforms: [linux/amd64, linux/arm64]\n");

        var plain = Generate().Images.Single(i => i.Image.Name == "plain");

        Assert.Equal(["linux/amd64", "linux/arm64"], plain.Image.Platforms.Select(p => p.Text));
        Assert.Equal(3, plain.JobNames.Count);
        Assert.Equal(["linux/arm64"], _repo.Load(new Dictionary<string, string> { ["defaults-platforms"] = "linux/arm64" }).Images.Single(i => i.Name == "plain").Platforms.Select(p => p.Text));
    }

    [Fact]
    public void HashImages_json_lists_the_platforms_of_a_multi_platform_image_only()
    {
        using var json = System.Text.Json.JsonDocument.Parse(CatalogReport.Json(_repo.Load()));

        var images = json.RootElement.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(["linux/amd64", "linux/arm64"], images[0].GetProperty("platforms").EnumerateArray().Select(p => p.GetString()));
        Assert.False(images[1].TryGetProperty("platforms", out _));
    }

    [Fact]
    public void Platforms_are_part_of_the_hash_when_declared_but_not_their_order()
    {
        var none = _repo.Hash("plain");
        _repo.Write("images.yaml", $"registry: {Registry}\ndefaults:\n  platforms: [linux/arm64, linux/amd64]\n");
        var two = _repo.Hash("plain");
        _repo.Write("images.yaml", $"registry: {Registry}\ndefaults:\n  platforms: [linux/amd64, linux/arm64]\n");
        Assert.Equal(two, _repo.Hash("plain"));
        _repo.Write("images.yaml", $"registry: {Registry}\ndefaults:\n  platforms: [linux/amd64]\n");
        var one = _repo.Hash("plain");
        _repo.Write("images.yaml", $"registry: {Registry}\ndefaults:\n  timeout: 30m\n");

        Assert.Equal(none, _repo.Hash("plain"));
        Assert.Equal(3, new[] { none, one, two }.Distinct().Count());
    }

    [Fact]
    public void Adding_a_platform_is_reported_as_a_rebuild_of_the_image()
    {
        _repo.Write("images.yaml", $"registry: {Registry}\ndefaults:\n  platforms: [linux/amd64]\n");
        var before = Generate();
        _repo.Write("images.yaml", $"registry: {Registry}\ndefaults:\n  platforms: [linux/amd64, linux/arm64]\n");
        var after = Generate();

        var changes = JobChanges.Compare(new StringReader(before.Manifest.Text()), after.Images.Select(i => i.JobDocument));
        Assert.Equal([("plain", JobChangeKind.Rebuilt)], changes.Select(c => (c.Image, c.Kind)));
        Assert.Equal(after.Images[1].JobName, changes[0].NewJob);
        Assert.Empty(JobChanges.Compare(new StringReader(after.Manifest.Text()), after.Images.Select(i => i.JobDocument)));
        _repo.Write("images.yaml", $"registry: {Registry}\ndefaults:\n  platforms: [linux/amd64, linux/arm64]\n  backoffLimit: 5\n");
        Assert.Equal(
            [("app", JobChangeKind.TemplateChanged), ("plain", JobChangeKind.TemplateChanged)],
            JobChanges.Compare(new StringReader(after.Manifest.Text()), Generate().Images.Select(i => i.JobDocument)).Select(c => (c.Image, c.Kind)));
    }

    [Fact]
    public void An_image_without_platforms_hashes_and_builds_exactly_as_before()
    {
        var plain = Generate().Images.Single(i => i.Image.Name == "plain");

        Assert.Empty(plain.Image.Platforms);
        Assert.Equal([plain.JobName], plain.JobNames);
        Assert.DoesNotContain(PlatformJobs.IndexScriptsName, Encoding.UTF8.GetString(plain.Documents[^1]));

        _repo.Write("images/app/image.yaml", "contextMode: configmap\ntags: [\"1.0\", latest]\n");
        Assert.DoesNotContain(PlatformJobs.IndexScriptsName, Generate().Manifest.Text());
    }

    [SkippableFact]
    public void The_two_platform_manifest_is_valid_in_process_and_under_the_strict_schemas()
    {
        _repo.Write("images.yaml", $"registry: {Registry}\nexternal:\n  secrets: [registry-credentials]\n");
        var catalog = _repo.Load();
        var generated = ManifestGenerator.Generate(catalog, _repo.Path, new FixedSources(null), new ManifestOptions(false));
        _repo.Write(ManifestConventions.ManifestPath, generated.Manifest.Text());

        var result = Validate(catalog);

        Assert.False(result.Failed, string.Join("\n", result.Findings.Select(f => $"{f.Name} {f.Path}: {f.Message}")));
        ManifestSchemaTests.AssertStrictlyValid(generated.Manifest.Text());
    }

    [Fact]
    public void Validate_proves_the_generated_platform_jobs_and_names_a_missing_or_stray_one()
    {
        var generated = Generate();
        var manifest = generated.Manifest.Text();
        _repo.Write(ManifestConventions.ManifestPath, manifest);
        Assert.Empty(KanikoImages.Validation.Generated.GeneratedDeployCheck.Check(_repo.Path, generated, null));

        var app = generated.Images.Single(i => i.Image.Name == "app");
        var arm = Encoding.UTF8.GetString(app.Documents[^2]);
        _repo.Write(ManifestConventions.ManifestPath, manifest.Replace("---\n" + arm, "", StringComparison.Ordinal));
        var findings = Validate(_repo.Load()).Findings.Select(f => f.Message);
        Assert.Contains($"image app (images/app) has no build Job for platform arm64: {KanikoImages.Validation.Rules.ContentHashRule.OutOfDate}", findings);

        // A catalog whose app lists amd64 only (with the same hash, so only the platform rule speaks).
        _repo.Write(ManifestConventions.ManifestPath, manifest);
        var catalog = _repo.Load();
        var amdOnly = catalog with { Images = catalog.Images.Select(i => i.Name == "app" ? i with { Platforms = [i.Platforms[0]] } : i).ToList() };
        Assert.Contains("the Job builds platform arm64 of image app, which does not list it: " + KanikoImages.Validation.Rules.ContentHashRule.OutOfDate, Validate(amdOnly).Findings.Select(f => f.Message));
    }

    /// <summary>deploy/manifest.yaml through Validate's in-process layers and project rules.</summary>
    private ValidationResult Validate(ImageCatalog catalog) =>
        ManifestValidator.Validate(
            [ManifestConventions.ManifestPath],
            new ValidationOptions { SchemaLocations = [SchemaLocation.TypedModel], BaseDirectory = _repo.Path },
            catalog,
            kubeconform: new NoKubeconform());

    [Theory]
    [InlineData("platforms: [linux/amd46]", "images/app/image.yaml:2: 'platforms' 'linux/amd46': 'amd46' is not an architecture Kubernetes nodes report")]
    [InlineData("platforms: [windows/amd64]", "images/app/image.yaml:2: 'platforms' 'windows/amd64': kaniko builds linux images only; write linux/amd64")]
    [InlineData("platforms: [amd64]", "images/app/image.yaml:2: 'platforms' 'amd64' is not a platform; write os/architecture[/variant]")]
    [InlineData("platforms: [linux/arm64, linux/arm64]", "images/app/image.yaml:2: 'platforms' lists 'linux/arm64' more than once")]
    [InlineData("platforms: linux/arm64", "images/app/image.yaml:2: 'platforms' must be a list")]
    public void A_bad_platform_is_an_error_naming_file_line_and_key(string yaml, string expected)
    {
        _repo.Write("images/app/image.yaml", "contextMode: configmap\n" + yaml + "\n");

        Assert.Contains(expected, _repo.Error());
    }

    [Fact]
    public void A_bad_default_platform_names_images_yaml_and_its_line()
    {
        _repo.Write("images.yaml", $"registry: {Registry}\ndefaults:\n  platforms: [linux/arm64/v8x]\n");

        Assert.Contains("images.yaml:3: 'defaults.platforms' 'linux/arm64/v8x' is not a platform", _repo.Error());
    }

    private GeneratedManifests Generate() =>
        ManifestGenerator.Generate(_repo.Load(), _repo.Path, new FixedSources(null), new ManifestOptions(false));

    /// <summary>An image's Jobs read back from the YAML written for them, in document order.</summary>
    internal static IReadOnlyList<V1Job> Jobs(GeneratedImage image) =>
        image.Documents.TakeLast(image.JobNames.Count).Select(d => KubernetesYaml.Deserialize<V1Job>(Encoding.UTF8.GetString(d))).ToList();

    private static string Env(V1Container container, string name) => container.Env.Single(v => v.Name == name).Value;
}
