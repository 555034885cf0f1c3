using System.Text;

namespace KanikoImages.Images.Configuration;

/// <summary>
/// One images.yaml key (camelCase dotted path) with its command-line (--kebab-case) and environment
/// (KANIKO_SCREAMING_SNAKE) override names.
/// </summary>
public sealed record SettingKey
{
    /// <param name="apply">Sets the key from an override or a file scalar; null for a key set in the file only.</param>
    /// <param name="applySetting">Sets the key from the file's value when it is not a scalar (list items, mappings, objects).</param>
    internal SettingKey(
        string path,
        ValueShape shape,
        Func<CatalogSettings, string?, CatalogSettings>? apply,
        Func<CatalogSettings, YamlSetting, CatalogSettings>? applySetting = null)
    {
        Path = path;
        Shape = shape;
        Apply = apply ?? ((_, _) => throw new InvalidOperationException($"'{path}' is set in {SettingsReader.FileName} only"));
        Overridable = apply is not null;
        ApplySetting = applySetting;
    }

    /// <summary>The dotted images.yaml path, e.g. "git.url".</summary>
    public string Path { get; }

    /// <summary>The command-line option without dashes, e.g. "git-url" (--git-url).</summary>
    public string CommandLine => string.Join('-', Words());

    /// <summary>The environment variable, e.g. KANIKO_GIT_URL.</summary>
    public string Environment => "KANIKO_" + string.Join('_', Words()).ToUpperInvariant();

    internal ValueShape Shape { get; }

    /// <summary>Whether --option and KANIKO_* can set the key (scalars and lists; mappings and objects live in the file only).</summary>
    public bool Overridable { get; }

    /// <summary>Sets the key from its value in the file when that is not a scalar; null: <see cref="Apply"/> reads it.</summary>
    internal Func<CatalogSettings, YamlSetting, CatalogSettings>? ApplySetting { get; }

    /// <summary>Why <paramref name="value"/> is no valid value of this key, or null: lets the host refuse an override before any task runs.</summary>
    public string? Problem(string value)
    {
        try
        {
            Apply(new CatalogSettings { Registry = "" }, value);
            return null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }

    /// <summary>Sets the key on the settings; list values arrive comma-separated. Throws FormatException on a bad value.</summary>
    internal Func<CatalogSettings, string?, CatalogSettings> Apply { get; }

    /// <summary>"argoCd.namespace" -> argo, cd, namespace.</summary>
    private IEnumerable<string> Words()
    {
        var word = new StringBuilder();
        foreach (var c in Path)
        {
            if ((c == '.' || char.IsUpper(c)) && word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }

            if (c != '.')
            {
                word.Append(char.ToLowerInvariant(c));
            }
        }

        yield return word.ToString();
    }
}

/// <summary>Every key of images.yaml, in the order docs/configuration.md documents them.</summary>
public static class SettingKeys
{
    public static IReadOnlyList<SettingKey> All { get; } =
    [
        Scalar("registry", (s, v) => s with { Registry = SettingValues.Registry(v ?? "") }),
        Scalar("registryTls", (s, v) => s with { RegistryTls = SettingValues.RegistryTls(v ?? "") }),
        List("imagePullSecrets", (s, v) => s with { ImagePullSecrets = v }),
        Scalar("namespace", (s, v) => s with { Namespace = SettingValues.KubernetesName(v ?? "") }),
        Scalar("kubernetesVersion", (s, v) => s with { KubernetesVersion = SettingValues.NonEmpty(v ?? "") }),
        Scalar("git.url", (s, v) => s with { Git = s.Git with { Url = SettingValues.GitUrl(v ?? "") } }),
        Scalar("git.branch", (s, v) => s with { Git = s.Git with { Branch = SettingValues.GitBranch(v ?? "") } }),
        Scalar("git.credentialsSecret", (s, v) => s with { Git = s.Git with { CredentialsSecret = Optional(v, SettingValues.KubernetesName) } }),
        Scalar("kaniko.image", (s, v) => s with { Kaniko = s.Kaniko with { Image = Optional(v, SettingValues.ImageReference) } }),
        Scalar("kaniko.registrySecret", (s, v) => s with { Kaniko = s.Kaniko with { RegistrySecret = Optional(v, SettingValues.KubernetesName) } }),
        Scalar("kaniko.cacheRepo", (s, v) => s with { Kaniko = s.Kaniko with { CacheRepo = Optional(v, SettingValues.Registry) } }),
        Scalar("kaniko.pushRetry", (s, v) => s with { Kaniko = s.Kaniko with { PushRetry = SettingValues.NonNegativeInteger(v ?? "") } }),
        Scalar("kaniko.reproducible", (s, v) => s with { Kaniko = s.Kaniko with { Reproducible = SettingValues.Boolean(v ?? "") } }),
        List("kaniko.registryMirrors", SettingValues.Registry, (s, v) => s with { Kaniko = s.Kaniko with { RegistryMirrors = v } }),
        List("kaniko.extraArgs", KanikoFlags.ExtraArgument, (s, v) => s with { Kaniko = s.Kaniko with { ExtraArgs = v } }),
        Scalar("kaniko.caBundle.configMap", (s, v) => WithCaBundle(s, b => b with { ConfigMap = Optional(v, SettingValues.KubernetesName) })),
        Scalar("kaniko.caBundle.key", (s, v) => WithCaBundle(s, b => b with { Key = SettingValues.ConfigMapKey(v ?? "") })),
        Scalar("guard.image", (s, v) => s with { Guard = s.Guard with { Image = Optional(v, SettingValues.ImageReference) } }),
        Scalar("index.image", (s, v) => s with { Index = s.Index with { Image = Optional(v, SettingValues.ImageReference) } }),
        FileOnly("serviceAccount.annotations", ValueShape.Map, (s, v) => s with
        {
            ServiceAccount = s.ServiceAccount with { Annotations = Sorted(v.Entries.Select(e => SettingValues.Annotation(e.Key, e.Value))) },
        }),
        Scalar("argoCd.namespace", (s, v) => s with { ArgoCd = s.ArgoCd with { Namespace = SettingValues.KubernetesName(v ?? "") } }),
        Scalar("argoCd.project", (s, v) => s with { ArgoCd = s.ArgoCd with { Project = SettingValues.NonEmpty(v ?? "") } }),
        Scalar("argoCd.application", (s, v) => s with { ArgoCd = s.ArgoCd with { Application = SettingValues.KubernetesName(v ?? "") } }),
        Scalar("argoCd.cascadeDelete", (s, v) => s with { ArgoCd = s.ArgoCd with { CascadeDelete = SettingValues.Boolean(v ?? "") } }),
        Scalar("argoCd.retry.limit", (s, v) => WithRetry(s, r => r with { Limit = SettingValues.NonNegativeInteger(v ?? "") })),
        Scalar("argoCd.retry.backoff.duration", (s, v) => WithRetry(s, r => r with { BackoffDuration = DurationText.Parse(v ?? "") })),
        Scalar("argoCd.retry.backoff.factor", (s, v) => WithRetry(s, r => r with { BackoffFactor = SettingValues.PositiveInteger(v ?? "") })),
        Scalar("argoCd.retry.backoff.maxDuration", (s, v) => WithRetry(s, r => r with { BackoffMaxDuration = DurationText.Parse(v ?? "") })),
        Scalar("argoCd.podSecurity", (s, v) => s with { ArgoCd = s.ArgoCd with { PodSecurity = SettingValues.PodSecurity(v ?? "") } }),
        Scalar("defaults.contextMode", (s, v) => s with { Defaults = s.Defaults with { ContextMode = SettingValues.ContextMode(v ?? "") } }),
        Scalar("defaults.timeout", (s, v) => s with { Defaults = s.Defaults with { Timeout = DurationText.Parse(v ?? "") } }),
        Scalar("defaults.backoffLimit", (s, v) => s with { Defaults = s.Defaults with { BackoffLimit = SettingValues.NonNegativeInteger(v ?? "") } }),
        Scalar("defaults.resources.requests.cpu", (s, v) => WithResources(s, r => r with { CpuRequest = SettingValues.Quantity(v ?? "") })),
        Scalar("defaults.resources.requests.memory", (s, v) => WithResources(s, r => r with { MemoryRequest = SettingValues.Quantity(v ?? "") })),
        Scalar("defaults.resources.limits.cpu", (s, v) => WithResources(s, r => r with { CpuLimit = SettingValues.Quantity(v ?? "") })),
        Scalar("defaults.resources.limits.memory", (s, v) => WithResources(s, r => r with { MemoryLimit = SettingValues.Quantity(v ?? "") })),
        FileOnly("defaults.nodeSelector", ValueShape.Map, (s, v) => WithPlacement(s, p => p with { NodeSelector = PlacementValues.NodeSelector(v) })),
        FileOnly("defaults.tolerations", ValueShape.Object, (s, v) => WithPlacement(s, p => p with { Tolerations = PlacementValues.Tolerations(v, "defaults.tolerations") })),
        FileOnly("defaults.affinity", ValueShape.Object, (s, v) => WithPlacement(s, p => p with { Affinity = PlacementValues.Affinity(v, "defaults.affinity") })),
        List("defaults.platforms", Platform.Check, (s, v) => s with { Defaults = s.Defaults with { Platforms = Platform.List(v) } }),
        Scalar("defaults.priorityClassName", (s, v) => WithPlacement(s, p => p with { PriorityClassName = Optional(v, SettingValues.Subdomain) })),
        List("external.secrets", (s, v) => s with { External = s.External with { Secrets = v } }),
        List("external.configMaps", (s, v) => s with { External = s.External with { ConfigMaps = v } }),
        List("external.serviceAccounts", (s, v) => s with { External = s.External with { ServiceAccounts = v } }),
    ];

    internal static IReadOnlyDictionary<string, ValueShape> Schema { get; } = All.ToDictionary(k => k.Path, k => k.Shape, StringComparer.Ordinal);

    private static SettingKey Scalar(string path, Func<CatalogSettings, string?, CatalogSettings> apply) =>
        new(path, ValueShape.Scalar, apply);

    /// <summary>A list of Kubernetes names; names never hold commas, so overrides write them comma-separated.</summary>
    private static SettingKey List(string path, Func<CatalogSettings, IReadOnlyList<string>, CatalogSettings> apply) =>
        List(path, SettingValues.KubernetesName, apply);

    /// <summary>A list whose overrides are written comma-separated, each item checked by <paramref name="parse"/>.</summary>
    /// <remarks>The file's items are taken as they are, so an item there may hold a comma.</remarks>
    private static SettingKey List(string path, Func<string, string> parse, Func<CatalogSettings, IReadOnlyList<string>, CatalogSettings> apply) =>
        new(
            path,
            ValueShape.List,
            (s, v) => apply(s, (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse).ToList()),
            (s, v) => apply(s, v.Items.Select(i => parse(i.Trim())).ToList()));

    private static SettingKey FileOnly(string path, ValueShape shape, Func<CatalogSettings, YamlSetting, CatalogSettings> apply) =>
        new(path, shape, null, apply);

    private static IReadOnlyList<KeyValuePair<string, string>> Sorted(IEnumerable<KeyValuePair<string, string>> entries) =>
        entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();

    private static CatalogSettings WithCaBundle(CatalogSettings settings, Func<CaBundleSettings, CaBundleSettings> change) =>
        settings with { Kaniko = settings.Kaniko with { CaBundle = change(settings.Kaniko.CaBundle) } };

    private static CatalogSettings WithPlacement(CatalogSettings settings, Func<Placement, Placement> change) =>
        settings with { Defaults = settings.Defaults with { Placement = change(settings.Defaults.Placement) } };

    /// <summary>Nullable keys: empty or null means "use the default" (null).</summary>
    private static string? Optional(string? value, Func<string, string> parse) =>
        string.IsNullOrWhiteSpace(value) ? null : parse(value);

    private static CatalogSettings WithRetry(CatalogSettings settings, Func<SyncRetrySettings, SyncRetrySettings> change) =>
        settings with { ArgoCd = settings.ArgoCd with { Retry = change(settings.ArgoCd.Retry) } };

    private static CatalogSettings WithResources(CatalogSettings settings, Func<ResourceSettings, ResourceSettings> change) =>
        settings with { Defaults = settings.Defaults with { Resources = change(settings.Defaults.Resources) } };
}
