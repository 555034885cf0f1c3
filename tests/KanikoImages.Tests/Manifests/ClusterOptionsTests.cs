using System.Text;
using KanikoImages.Images;
using KanikoImages.Manifests;
using KanikoImages.Manifests.Output;
using KanikoImages.Manifests.Sources;
using KanikoImages.Tests.Images;
using KanikoImages.Tests.Support;
using KanikoImages.Validation;
using KanikoImages.Validation.Schemas;

namespace KanikoImages.Tests.Manifests;

/// <summary>
/// Issue 17's cluster settings (placement, registry TLS, CA bundle, mirrors, cloud identity, pull secrets,
/// reproducible builds, extra executor flags): read from images.yaml and image.yaml, written into the Job, valid,
/// refused with file and line when wrong, and a template change (never a content change).
/// </summary>
public sealed class ClusterOptionsTests : IDisposable
{
    /// <summary>Every new images.yaml key set.</summary>
    public const string AllSettings = """
        registry: registry.example.com:5000/platform
        registryTls: skip-verify
        imagePullSecrets: [mirror-pull]
        kaniko:
          image: mirror.example.com/kaniko:v1.28.5-debug
          registrySecret: null
          reproducible: true
          registryMirrors: [mirror.gcr.io, registry-mirror.example.com:5000/hub]
          extraArgs: ["--snapshot-mode=redo", "--compressed-caching=false"]
          caBundle:
            configMap: corporate-ca
            key: bundle.pem
        guard:
          image: mirror.example.com/skopeo:v1.22.2
        serviceAccount:
          annotations:
            eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/kaniko-push
        defaults:
          nodeSelector:
            kubernetes.io/arch: amd64
          tolerations:
            - key: dedicated
              operator: Equal
              value: builds
              effect: NoSchedule
          priorityClassName: builds.low
        """;

    /// <summary>The per-image keys set (they replace the defaults, field by field).</summary>
    public const string ImageSettings = """
        contextMode: configmap
        kanikoArgs: ["--single-snapshot"]
        tolerations:
          - key: gpu
            operator: Exists
            effect: NoExecute
            tolerationSeconds: 300
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
                - matchExpressions:
                    - key: node.kubernetes.io/instance-type
                      operator: In
                      values: [m5.2xlarge, m6i.2xlarge]
          podAntiAffinity:
            preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 50
                podAffinityTerm:
                  topologyKey: kubernetes.io/hostname
                  labelSelector:
                    matchLabels:
                      app.kubernetes.io/component: image-build
        priorityClassName: builds-high
        """;

    private readonly ImageRepo _repo = new(withSettings: false);

    public ClusterOptionsTests()
    {
        _repo.Write("images/app/Dockerfile", "FROM alpine:3.20\nRUN true\n");
        _repo.Write("images/plain/Dockerfile", "FROM alpine:3.20\n");
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Every_setting_reaches_the_job_which_matches_its_golden_copy()
    {
        _repo.Write("images.yaml", AllSettings);
        _repo.Write("images/app/image.yaml", ImageSettings);

        var generated = Generate();
        var app = Encoding.UTF8.GetString(generated.Images.Single(i => i.Image.Name == "app").Documents[^1]);

        var golden = Path.Combine(GoldenCatalog.Folder, "cluster-options-job.yaml");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(golden, app);
        }

        Assert.Equal(File.ReadAllText(golden), app);
        var plain = generated.Images.Single(i => i.Image.Name == "plain").Job().Spec.Template.Spec;
        Assert.Equal("builds.low", plain.PriorityClassName);
        Assert.Equal("dedicated", Assert.Single(plain.Tolerations).Key);
        Assert.Equal("amd64", plain.NodeSelector["kubernetes.io/arch"]);
        Assert.Null(plain.Affinity);
        Assert.Equal(
            ["--snapshot-mode=redo", "--compressed-caching=false"],
            plain.Containers[0].Args.TakeLast(2));
        Assert.Contains(generated.Warnings, w => w.StartsWith("registryTls is skip-verify", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void The_manifest_with_every_setting_is_valid_in_process_and_under_the_strict_schemas()
    {
        _repo.Write("images.yaml", AllSettings + "\nexternal:\n  configMaps: []\n");
        _repo.Write("images/app/image.yaml", ImageSettings);
        var catalog = _repo.Load();
        var generated = ManifestGenerator.Generate(catalog, _repo.Path, new FixedSources(null), new ManifestOptions(false));
        _repo.Write(ManifestConventions.ManifestPath, generated.Manifest.Text());

        var result = ManifestValidator.Validate(
            [ManifestConventions.ManifestPath],
            new ValidationOptions { SchemaLocations = [SchemaLocation.TypedModel], BaseDirectory = _repo.Path },
            catalog,
            kubeconform: new NoKubeconform());

        Assert.False(result.Failed, string.Join("\n", result.Findings.Select(f => $"{f.Name} {f.Path}: {f.Message}")));
        ManifestSchemaTests.AssertStrictlyValid(generated.Manifest.Text());
    }

    [Fact]
    public void Without_new_settings_the_job_has_none_of_their_fields()
    {
        _repo.Write("images.yaml", "registry: registry.example.com/platform\n");

        var spec = Generate().Images.Single(i => i.Image.Name == "plain").Job().Spec.Template.Spec;

        Assert.Null(spec.NodeSelector);
        Assert.Null(spec.Tolerations);
        Assert.Null(spec.Affinity);
        Assert.Null(spec.PriorityClassName);
        Assert.Null(spec.ImagePullSecrets);
        Assert.Equal(["guard", "guard-scripts", "registry-credentials", "build-context"], spec.Volumes.Select(v => v.Name));
        Assert.DoesNotContain(spec.Containers[0].Args, a => a.Contains("tls", StringComparison.Ordinal) || a.Contains("insecure", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_setting_is_a_template_change_that_keeps_the_content_hash()
    {
        _repo.Write("images.yaml", "registry: registry.example.com/platform\n");
        var before = Generate();
        string[] changes =
        [
            "registryTls: plain-http", "imagePullSecrets: [pull]", "kaniko:\n  reproducible: true", "kaniko:\n  registryMirrors: [mirror.gcr.io]",
            "kaniko:\n  extraArgs: [--single-snapshot]", "kaniko:\n  caBundle:\n    configMap: ca", "kaniko:\n  registrySecret: null",
            "defaults:\n  nodeSelector:\n    pool: builds", "defaults:\n  tolerations: [{key: a, operator: Exists}]",
            "defaults:\n  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms: [{matchExpressions: [{key: a, operator: Exists}]}]",
            "defaults:\n  priorityClassName: low",
        ];

        foreach (var change in changes)
        {
            _repo.Write("images.yaml", "registry: registry.example.com/platform\n" + change + "\n");
            var after = Generate();

            var reported = JobChanges.Compare(new StringReader(before.Manifest.Text()), after.Images.Select(i => i.JobDocument));
            Assert.Equal(
                [("app", JobChangeKind.TemplateChanged), ("plain", JobChangeKind.TemplateChanged)],
                reported.Select(c => (c.Image, c.Kind)));
            Assert.Equal(before.Images.Select(i => i.Image.Hash), after.Images.Select(i => i.Image.Hash));
        }

        _repo.Write("images.yaml", "registry: registry.example.com/platform\nserviceAccount:\n  annotations:\n    a.example.com/x: role-x\n");
        var annotated = Generate();
        Assert.Contains("  annotations:\n    a.example.com/x: role-x\n", annotated.Manifest.Text());
        Assert.Empty(JobChanges.Compare(new StringReader(before.Manifest.Text()), annotated.Images.Select(i => i.JobDocument)));
    }

    [Theory]
    [InlineData("images.yaml", "registryTls: maybe", "images.yaml:2: 'registryTls' 'maybe' is not a registry TLS mode; use verify, skip-verify or plain-http")]
    [InlineData("images.yaml", "defaults:\n  tolerations:\n    - key: a\n      operator: Exist", "images.yaml:5: 'defaults.tolerations[0].operator' 'Exist' is not accepted by Kubernetes; use Exists or Equal")]
    [InlineData("images.yaml", "defaults:\n  tolerations:\n    - key: a\n      efect: NoSchedule", "images.yaml:5: 'defaults.tolerations[0]' has no field 'efect' (did you mean 'effect'?)")]
    [InlineData("images.yaml", "defaults:\n  tolerations:\n    - key: a\n      tolerationSeconds: soon", "images.yaml:5: 'defaults.tolerations[0].tolerationSeconds' 'soon' is not a number")]
    [InlineData("images.yaml", "kaniko:\n  extraArgs: [--cache-repo=elsewhere]", "images.yaml:3: 'kaniko.extraArgs' '--cache-repo=elsewhere': --cache-repo is set by this tool; use kaniko.cacheRepo")]
    [InlineData("images.yaml", "kaniko:\n  registryMirrors: [https://mirror.gcr.io]", "images.yaml:3: 'kaniko.registryMirrors' 'https://mirror.gcr.io' is not a registry/repository prefix")]
    [InlineData("images.yaml", "defaults:\n  nodeSelector:\n    pool: [a]", "images.yaml:4: 'defaults.nodeSelector' must be a mapping of name: value")]
    [InlineData("images/app/image.yaml", "kanikoArgs:\n  - --destination=evil.example.com/app:latest", "images/app/image.yaml:2: 'kanikoArgs' '--destination=evil.example.com/app:latest': --destination is set by this tool; use 'tags' in image.yaml")]
    [InlineData("images/app/image.yaml", "kanikoArgs: [-d, evil.example.com/app]", "images/app/image.yaml:1: 'kanikoArgs' '-d': --destination is set by this tool")]
    [InlineData("images/app/image.yaml", "kanikoArgs: ['--build-arg=A=1']", "images/app/image.yaml:1: 'kanikoArgs' '--build-arg=A=1': --build-arg is set by this tool; use 'buildArgs' in image.yaml")]
    [InlineData("images/app/image.yaml", "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n        - matchExpressions:\n            - {key: a, operator: Inn}", "images/app/image.yaml:6: 'affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator' 'Inn' is not accepted by Kubernetes; use In, NotIn, Exists, DoesNotExist, Gt or Lt")]
    [InlineData("images/app/image.yaml", "priorityClassName: High_Priority", "images/app/image.yaml:1: 'priorityClassName' 'High_Priority' is not a valid Kubernetes name")]
    public void A_bad_value_is_an_error_naming_file_line_and_key(string file, string yaml, string expected)
    {
        _repo.Write("images.yaml", "registry: registry.example.com/platform\n" + (file == "images.yaml" ? yaml + "\n" : ""));
        if (file != "images.yaml")
        {
            _repo.Write(file, yaml + "\n");
        }

        Assert.Contains(expected, _repo.Error());
    }

    [Fact]
    public void Scalars_and_lists_are_overridden_from_the_command_line_and_environment_but_objects_are_not()
    {
        _repo.Write("images.yaml", "registry: registry.example.com/platform\n");

        var settings = _repo.Load(
            new Dictionary<string, string> { ["registry-tls"] = "plain-http", ["kaniko-registry-mirrors"] = "a.example.com,b.example.com", ["kaniko-ca-bundle-config-map"] = "ca" },
            new Dictionary<string, string> { ["KANIKO_KANIKO_REPRODUCIBLE"] = "true", ["KANIKO_KANIKO_REGISTRY_SECRET"] = "", ["KANIKO_DEFAULTS_TOLERATIONS"] = "x" }).Settings;

        Assert.Equal(RegistryTls.PlainHttp, settings.RegistryTls);
        Assert.Equal(["a.example.com", "b.example.com"], settings.Kaniko.RegistryMirrors);
        Assert.Equal("ca", settings.Kaniko.CaBundle.ConfigMap);
        Assert.Equal("ca.crt", settings.Kaniko.CaBundle.Key);
        Assert.True(settings.Kaniko.Reproducible);
        Assert.Equal("registry-credentials", settings.Kaniko.RegistrySecret);
        Assert.Empty(settings.Defaults.Placement.Tolerations);
        Assert.False(Assert.Single(KanikoImages.Images.Configuration.SettingKeys.All, k => k.Path == "defaults.tolerations").Overridable);
        Assert.Null(_repo.Load(new Dictionary<string, string> { ["kaniko-registry-secret"] = "" }).Settings.Kaniko.RegistrySecret);
    }

    private GeneratedManifests Generate() =>
        ManifestGenerator.Generate(_repo.Load(), _repo.Path, new FixedSources(null), new ManifestOptions(false));
}
