using KanikoImages.Build.Host;
using KanikoImages.Build.Tasks;
using KanikoImages.Build.Tools.Kubeconform;
using KanikoImages.Images.Configuration;

namespace KanikoImages.Build;

/// <summary>
/// Every option a task reads, with the tasks that read it: the host refuses anything else before a task runs,
/// --help lists these, and <see cref="BuildContext"/> reads its values through them.
/// </summary>
public static class BuildOptions
{
    /// <summary>The tasks that print a result (a table or one JSON document).</summary>
    private static readonly Type[] Reporting = [typeof(HashImagesTask), typeof(ValidateTask), typeof(StatusTask)];

    /// <summary>The tasks that load the image catalog, so read every images.yaml setting.</summary>
    private static readonly Type[] CatalogReaders =
        [typeof(HashImagesTask), typeof(GenerateManifestsTask), typeof(ValidateTask), typeof(PublishTask), typeof(StatusTask)];

    /// <summary>Validate, and Publish, whose gate validates deploy/ again.</summary>
    private static readonly Type[] Validating = [typeof(ValidateTask), typeof(PublishTask)];

    public static readonly OptionDefinition Output = HostOptions.OutputOption with { Tasks = Reporting, TargetOnly = true };

    public static readonly OptionDefinition Json = HostOptions.JsonOption with { Tasks = Reporting, TargetOnly = true };

    public static readonly OptionDefinition Graph = new("graph", OptionKind.Value, "Print the images' dependency graph instead of the table: mermaid (renders on GitHub) or dot")
    {
        ValueName = "FORMAT", Tasks = [typeof(HashImagesTask)], TargetOnly = true, OwnsStandardOutput = true, Section = "HashImages options",
    };

    public static readonly OptionDefinition SchemaLocation = ValidateValue(
        "schema-location", "LOCATION", "Where schemas are looked up, in order: typed-model, default, a folder or a URL template (repeatable)") with { Repeatable = true };

    public static readonly OptionDefinition Strict = ValidateFlag("strict", "Reject unknown fields and duplicate keys (default true; --strict=false turns it off)");

    public static readonly OptionDefinition IgnoreMissingSchemas = ValidateFlag("ignore-missing-schemas", "A kind without a schema is skipped, not an error");

    public static readonly OptionDefinition RequireKubeconform = ValidateFlag("require-kubeconform", "No kubeconform binary is an error");

    public static readonly OptionDefinition KubeconformPath = ValidateValue("kubeconform-path", "FILE", "The kubeconform to run (default: .tools/, then PATH)");

    public static readonly OptionDefinition JUnit = ValidateValue("junit", "FILE", "Also write the report as JUnit XML") with { Tasks = [typeof(ValidateTask)] };

    public static readonly OptionDefinition KubeconformDownload = ValidateFlag("kubeconform-download", "Install the pinned kubeconform release into .tools/ first")
        with { Tasks = [typeof(ValidateTask)] };

    public static readonly OptionDefinition KubeconformDownloadUrl = ValidateValue(
        "kubeconform-download-url", "URL", $"Where --kubeconform-download gets the release (a mirror; the pinned checksums apply). Default: {KubeconformRelease.DefaultBaseUrl}")
        with { Tasks = [typeof(ValidateTask)] };

    public static readonly OptionDefinition GitRemote = PublishValue("git-remote", "NAME", "The remote to push to. Default: origin");

    public static readonly OptionDefinition GitAuthorName = PublishValue("git-author-name", "NAME", "Author and committer name of the manifest commit");

    public static readonly OptionDefinition GitAuthorEmail = PublishValue("git-author-email", "EMAIL", "Author and committer email of the manifest commit");

    public static readonly OptionDefinition GitPushAttempts = PublishValue("git-push-attempts", "N", "Pushes tried before giving up. Default: 5");

    public static readonly OptionDefinition GitRetryDelay = PublishValue("git-retry-delay", "SECONDS", "Seconds before the first retry; doubles each time. Default: 1");

    public static readonly OptionDefinition GitTimeout = PublishValue("git-timeout", "SECONDS", "Seconds one fetch or push may take before it is stopped. Default: 300");

    public static readonly OptionDefinition GitPath = PublishValue("git-path", "FILE", "The git executable to use. Default: git on PATH");

    public static readonly OptionDefinition KubeContext = StatusOption("context", OptionKind.Value, "NAME", "The kubeconfig context. Default: the current context");

    public static readonly OptionDefinition Wait = StatusOption("wait", OptionKind.Flag, "VALUE", "Wait until every image's Job has finished; fail if one failed");

    public static readonly OptionDefinition Timeout = StatusOption("timeout", OptionKind.Value, "DURATION", "How long --wait waits: 90s, 30m (default), 1h30m");

    /// <summary>
    /// Every images.yaml key as an override (--registry, KANIKO_REGISTRY, ...), from the keys' own declarations;
    /// mappings and Kubernetes objects (tolerations, affinity) are set in images.yaml only.
    /// </summary>
    public static IReadOnlyList<OptionDefinition> Settings { get; } = SettingKeys.All
        .Where(k => k.Overridable)
        .Select(k => new OptionDefinition(k.CommandLine, OptionKind.Value, $"images.yaml: {k.Path}")
        {
            Environment = k.Environment,
            Tasks = CatalogReaders,
            Section = "Settings",
        })
        .ToList();

    public static IReadOnlyList<OptionDefinition> All { get; } =
    [
        Output, Json, Graph,
        SchemaLocation, Strict, IgnoreMissingSchemas, RequireKubeconform, KubeconformPath, JUnit, KubeconformDownload, KubeconformDownloadUrl,
        GitRemote, GitAuthorName, GitAuthorEmail, GitPushAttempts, GitRetryDelay, GitTimeout, GitPath,
        KubeContext, Wait, Timeout,
        .. Settings,
    ];

    private static OptionDefinition ValidateValue(string name, string valueName, string help) =>
        new(name, OptionKind.Value, help) { ValueName = valueName, Tasks = Validating, Section = "Validate options" };

    private static OptionDefinition ValidateFlag(string name, string help) =>
        new(name, OptionKind.Flag, help) { Tasks = Validating, Section = "Validate options" };

    /// <summary>Publish's options: each from --name, else KANIKO_NAME (a CI system sets variables more easily than arguments).</summary>
    private static OptionDefinition PublishValue(string name, string valueName, string help) =>
        new(name, OptionKind.Value, help)
        {
            ValueName = valueName,
            Environment = "KANIKO_" + name.Replace('-', '_').ToUpperInvariant(),
            Tasks = [typeof(PublishTask)],
            Section = "Publish options",
        };

    private static OptionDefinition StatusOption(string name, OptionKind kind, string valueName, string help) =>
        new(name, kind, help) { ValueName = valueName, Tasks = [typeof(StatusTask)], Section = "Status options" };
}
