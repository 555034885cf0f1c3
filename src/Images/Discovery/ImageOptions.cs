using KanikoImages.Images.Configuration;

namespace KanikoImages.Images.Discovery;

/// <summary>What an image's optional image.yaml sets; null means "not set here".</summary>
internal sealed record ImageOptions
{
    public const string FileName = "image.yaml";

    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Relative to the image folder.</summary>
    public string? Dockerfile { get; init; }

    /// <summary>Relative to the image folder.</summary>
    public string? Context { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> BuildArgs { get; init; } = [];

    public string? Target { get; init; }

    public Func<ResourceSettings, ResourceSettings> Resources { get; init; } = r => r;

    public TimeSpan? Timeout { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    public ContextMode? ContextMode { get; init; }

    private static readonly Dictionary<string, ValueShape> Schema = new(StringComparer.Ordinal)
    {
        ["tags"] = ValueShape.List,
        ["dockerfile"] = ValueShape.Scalar,
        ["context"] = ValueShape.Scalar,
        ["buildArgs"] = ValueShape.Map,
        ["target"] = ValueShape.Scalar,
        ["resources.requests.cpu"] = ValueShape.Scalar,
        ["resources.requests.memory"] = ValueShape.Scalar,
        ["resources.limits.cpu"] = ValueShape.Scalar,
        ["resources.limits.memory"] = ValueShape.Scalar,
        ["timeout"] = ValueShape.Scalar,
        ["labels"] = ValueShape.Map,
        ["contextMode"] = ValueShape.Scalar,
    };

    /// <summary>Reads image.yaml; every problem goes to <paramref name="errors"/> naming the file and line.</summary>
    public static ImageOptions Read(string fullPath, string source, ErrorList errors)
    {
        var values = YamlSettingsFile.Read(fullPath, source, Schema, errors);
        var options = new ImageOptions();
        foreach (var (key, value) in values)
        {
            try
            {
                options = Apply(options, key, value);
            }
            catch (FormatException e)
            {
                errors.Add(source, $"'{key}' {e.Message}", value.Line);
            }
        }

        return options;
    }

    private static ImageOptions Apply(ImageOptions options, string key, YamlSetting value)
    {
        var scalar = value.Scalar is { } s ? s.Trim() : null;
        if (scalar is null && value.Items.Count == 0 && value.Entries.Count == 0)
        {
            return options;
        }

        return key switch
        {
            "tags" => options with { Tags = value.Items.Select(SettingValues.Tag).ToList() },
            "dockerfile" => options with { Dockerfile = SettingValues.NonEmpty(scalar!) },
            "context" => options with { Context = SettingValues.NonEmpty(scalar!) },
            "buildArgs" => options with
            {
                BuildArgs = value.Entries.Select(e => KeyValuePair.Create(SettingValues.BuildArgName(e.Key), e.Value)).ToList(),
            },
            "target" => options with { Target = SettingValues.NonEmpty(scalar!) },
            "resources.requests.cpu" => options.WithResources(SettingValues.Quantity(scalar!), (r, q) => r with { CpuRequest = q }),
            "resources.requests.memory" => options.WithResources(SettingValues.Quantity(scalar!), (r, q) => r with { MemoryRequest = q }),
            "resources.limits.cpu" => options.WithResources(SettingValues.Quantity(scalar!), (r, q) => r with { CpuLimit = q }),
            "resources.limits.memory" => options.WithResources(SettingValues.Quantity(scalar!), (r, q) => r with { MemoryLimit = q }),
            "timeout" => options with { Timeout = DurationText.Parse(scalar!) },
            "labels" => options with { Labels = value.Entries.Select(e => SettingValues.Label(e.Key, e.Value)).ToList() },
            "contextMode" => options with { ContextMode = SettingValues.ContextMode(scalar!) },
            _ => throw new InvalidOperationException($"The schema lists '{key}' but nothing applies it."),
        };
    }

    /// <summary>Adds one resource override on top of the defaults; the quantity is checked here, while reading.</summary>
    private ImageOptions WithResources(string quantity, Func<ResourceSettings, string, ResourceSettings> change)
    {
        var before = Resources;
        return this with { Resources = r => change(before(r), quantity) };
    }
}
