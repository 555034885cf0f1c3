using KanikoImages.Images;
using KanikoImages.Images.Configuration;

namespace KanikoImages.Tests.Images;

/// <summary>images.yaml, its overrides (command line > environment > file > default) and value checks.</summary>
public sealed class SettingsTests : IDisposable
{
    private readonly ImageRepo _repo = new(withSettings: false);

    public SettingsTests()
    {
        _repo.Write("images/app/Dockerfile", "FROM alpine\n");
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Every_key_of_the_sample_images_yaml_is_read()
    {
        File.Copy(Path.Combine(Support.Paths.RepositoryRoot, "images.yaml"), _repo.Full("images.yaml"));

        var settings = _repo.Load().Settings;

        Assert.Equal("registry.example.com/platform", settings.Registry);
        Assert.Equal("https://github.com/example/kaniko-k8s-images.git", settings.Git.Url);
        Assert.Equal("main", settings.Git.Branch);
        Assert.Null(settings.Kaniko.Image);
        Assert.Null(settings.Guard.Image);
        Assert.Equal(["registry-credentials"], settings.External.Secrets);
    }

    [Fact]
    public void Nested_keys_lists_durations_and_quantities_are_parsed()
    {
        _repo.Write("images.yaml", """
            registry: registry.example.com/team/
            namespace: builds
            git:
              url: https://git.example.com/images.git
              branch: release
              credentialsSecret: git-creds
            kaniko:
              image: gcr.io/kaniko-project/executor:v1.23.2-debug
              pushRetry: 5
            guard:
              image: quay.io/skopeo/stable:v1.16
            argoCd:
              project: builds
            defaults:
              contextMode: git
              timeout: 1h30m
              backoffLimit: 0
              resources:
                limits:
                  memory: 8Gi
            external:
              secrets: [a, b]
            """);

        var settings = _repo.Load().Settings;

        Assert.Equal("registry.example.com/team", settings.Registry);
        Assert.Equal("builds", settings.Namespace);
        Assert.Equal("release", settings.Git.Branch);
        Assert.Equal("git-creds", settings.Git.CredentialsSecret);
        Assert.Equal("gcr.io/kaniko-project/executor:v1.23.2-debug", settings.Kaniko.Image);
        Assert.Equal(5, settings.Kaniko.PushRetry);
        Assert.Equal("quay.io/skopeo/stable:v1.16", settings.Guard.Image);
        Assert.Equal("builds", settings.ArgoCd.Project);
        Assert.Equal(ContextMode.Git, settings.Defaults.ContextMode);
        Assert.Equal(TimeSpan.FromMinutes(90), settings.Defaults.Timeout);
        Assert.Equal(0, settings.Defaults.BackoffLimit);
        Assert.Equal(ResourceSettings.Default with { MemoryLimit = "8Gi" }, settings.Defaults.Resources);
        Assert.Equal(["a", "b"], settings.External.Secrets);
        Assert.Equal(ContextMode.Git, _repo.Image("app").ContextMode);
    }

    [Fact]
    public void Command_line_beats_environment_beats_file_beats_default()
    {
        _repo.Write("images.yaml", "registry: file.example.com/x\ngit:\n  url: https://file.example.com/r.git\n  branch: from-file\n");
        var environment = new Dictionary<string, string>
        {
            ["KANIKO_REGISTRY"] = "env.example.com/x",
            ["KANIKO_GIT_URL"] = "https://env.example.com/r.git",
        };
        var arguments = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["registry"] = "cli.example.com/x" };

        var settings = _repo.Load(arguments, environment).Settings;

        Assert.Equal("cli.example.com/x", settings.Registry);
        Assert.Equal("https://env.example.com/r.git", settings.Git.Url);
        Assert.Equal("from-file", settings.Git.Branch);
        Assert.Equal("kaniko-builds", settings.Namespace);
    }

    [Fact]
    public void Empty_environment_variables_count_as_unset()
    {
        _repo.Write("images.yaml", "registry: file.example.com/x\n");

        var settings = _repo.Load(environment: new Dictionary<string, string> { ["KANIKO_REGISTRY"] = "" }).Settings;

        Assert.Equal("file.example.com/x", settings.Registry);
    }

    [Fact]
    public void Every_key_has_a_kebab_case_option_and_a_KANIKO_variable()
    {
        var names = SettingKeys.All.ToDictionary(k => k.Path, k => (k.CommandLine, k.Environment));

        Assert.Equal(("git-url", "KANIKO_GIT_URL"), names["git.url"]);
        Assert.Equal(("kubernetes-version", "KANIKO_KUBERNETES_VERSION"), names["kubernetesVersion"]);
        Assert.Equal(("kaniko-registry-secret", "KANIKO_KANIKO_REGISTRY_SECRET"), names["kaniko.registrySecret"]);
        Assert.Equal(("argo-cd-namespace", "KANIKO_ARGO_CD_NAMESPACE"), names["argoCd.namespace"]);
        Assert.Equal(SettingKeys.All.Count, SettingKeys.All.Select(k => k.CommandLine).Distinct().Count());
    }

    [Fact]
    public void Every_override_reaches_its_setting()
    {
        _repo.Write("images.yaml", "registry: file.example.com/x\n");
        var values = new Dictionary<string, string>
        {
            ["kaniko.pushRetry"] = "7",
            ["defaults.resources.requests.cpu"] = "250m",
            ["external.configMaps"] = "one, two",
            ["kaniko.image"] = "example.com/executor:debug",
        };
        var environment = SettingKeys.All.Where(k => values.ContainsKey(k.Path)).ToDictionary(k => k.Environment, k => values[k.Path]);

        var settings = _repo.Load(environment: environment).Settings;

        Assert.Equal(7, settings.Kaniko.PushRetry);
        Assert.Equal("250m", settings.Defaults.Resources.CpuRequest);
        Assert.Equal(["one", "two"], settings.External.ConfigMaps);
        Assert.Equal("example.com/executor:debug", settings.Kaniko.Image);
    }

    [Fact]
    public void Argo_cd_settings_default_as_documented_and_are_overridden_per_key()
    {
        _repo.Write("images.yaml", "registry: file.example.com/x\nargoCd:\n  retry:\n    backoff:\n      maxDuration: 1h\n");

        var defaults = _repo.Load().Settings.ArgoCd;
        var overridden = _repo.Load(
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["argo-cd-pod-security"] = "privileged", ["argo-cd-retry-limit"] = "2" },
            new Dictionary<string, string> { ["KANIKO_ARGO_CD_CASCADE_DELETE"] = "false", ["KANIKO_ARGO_CD_RETRY_BACKOFF_DURATION"] = "1m30s" }).Settings.ArgoCd;

        Assert.True(defaults.CascadeDelete);
        Assert.Equal(PodSecurityLevel.Baseline, defaults.PodSecurity);
        Assert.Equal(new SyncRetrySettings { BackoffMaxDuration = TimeSpan.FromHours(1) }, defaults.Retry);
        Assert.Equal((5, 2, TimeSpan.FromSeconds(5)), (defaults.Retry.Limit, defaults.Retry.BackoffFactor, defaults.Retry.BackoffDuration));
        Assert.False(overridden.CascadeDelete);
        Assert.Equal(PodSecurityLevel.Privileged, overridden.PodSecurity);
        Assert.Equal(2, overridden.Retry.Limit);
        Assert.Equal(TimeSpan.FromSeconds(90), overridden.Retry.BackoffDuration);
    }

    [Fact]
    public void Without_images_yaml_the_registry_is_a_clear_error_saying_how_to_set_it()
    {
        var error = _repo.Error();

        Assert.Contains("images.yaml", error);
        Assert.Contains("--registry", error);
        Assert.Contains("KANIKO_REGISTRY", error);
    }

    [Fact]
    public void Without_images_yaml_a_registry_override_is_enough()
    {
        var catalog = _repo.Load(environment: new Dictionary<string, string> { ["KANIKO_REGISTRY"] = "env.example.com/x" });

        Assert.Equal("env.example.com/x", catalog.Settings.Registry);
        Assert.Equal("1.32.2", catalog.Settings.KubernetesVersion);
    }

    [Theory]
    [InlineData("defaults:\n  timeout: 30 minutes\n", "images.yaml:3: 'defaults.timeout'", "duration")]
    [InlineData("defaults:\n  timeout: 0s\n", "images.yaml:3: 'defaults.timeout'", "longer than zero")]
    [InlineData("defaults:\n  resources:\n    limits:\n      memory: 4GB\n", "images.yaml:5:", "quantity")]
    [InlineData("defaults:\n  contextMode: tarball\n", "images.yaml:3:", "auto, configmap or git")]
    [InlineData("namespace: Kaniko_Builds\n", "images.yaml:2: 'namespace'", "Kubernetes name")]
    [InlineData("kaniko:\n  pushRetry: -1\n", "images.yaml:3:", "whole number")]
    [InlineData("registry2: x\n", "images.yaml:2: unknown key 'registry2'", "did you mean 'registry'")]
    [InlineData("git:\n  branhc: main\n", "images.yaml:3: unknown key 'git.branhc'", "did you mean 'git.branch'")]
    [InlineData("git: [a]\n", "images.yaml:2: 'git'", "must be a mapping")]
    [InlineData("external:\n  secrets: one\n", "images.yaml:3: 'external.secrets'", "list")]
    [InlineData("git:\n  url: [unclosed\n", "images.yaml:", "malformed YAML")]
    [InlineData("argoCd:\n  podSecurity: restricted\n", "images.yaml:3: 'argoCd.podSecurity'", "kaniko runs as root")]
    [InlineData("argoCd:\n  podSecurity: open\n", "images.yaml:3: 'argoCd.podSecurity'", "baseline or privileged")]
    [InlineData("argoCd:\n  cascadeDelete: yes please\n", "images.yaml:3: 'argoCd.cascadeDelete'", "true or false")]
    [InlineData("argoCd:\n  retry:\n    limit: -1\n", "images.yaml:4: 'argoCd.retry.limit'", "whole number >= 0")]
    [InlineData("argoCd:\n  retry:\n    backoff:\n      factor: 0\n", "images.yaml:5: 'argoCd.retry.backoff.factor'", "whole number >= 1")]
    [InlineData("argoCd:\n  retry:\n    backoff:\n      duration: 5m\n", "images.yaml: 'argoCd.retry.backoff.maxDuration' (3m) is shorter than", "(5m)")]
    public void Bad_values_name_the_file_line_and_key(string yaml, string where, string what)
    {
        _repo.Write("images.yaml", "registry: registry.example.com/x\n" + yaml);

        var error = _repo.Error();

        Assert.Contains(where, error);
        Assert.Contains(what, error);
    }

    [Fact]
    public void A_bad_override_names_the_option_or_variable()
    {
        _repo.Write("images.yaml", "registry: registry.example.com/x\n");

        var cli = _repo.Error(arguments: new Dictionary<string, string> { ["defaults-timeout"] = "soon" });
        var env = _repo.Error(environment: new Dictionary<string, string> { ["KANIKO_REGISTRY"] = "https://registry.example.com" });

        Assert.StartsWith("--defaults-timeout: 'defaults.timeout'", cli);
        Assert.StartsWith("KANIKO_REGISTRY: 'registry'", env);
    }

    [Fact]
    public void All_errors_of_a_run_are_reported_together()
    {
        _repo.Write("images.yaml", "registry: registry.example.com/x\nnamspace: a\ndefaults:\n  timeout: never\n");
        _repo.Write("images/empty/Dockerfile", "");

        var error = _repo.Error();

        Assert.Contains("namspace", error);
        Assert.Contains("defaults.timeout", error);
        Assert.Contains("images/empty/Dockerfile", error);
    }
}
