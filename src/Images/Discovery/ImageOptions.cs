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

    /// <summary>Replaces images.yaml defaults.platforms for this image.</summary>
    public IReadOnlyList<Platform>? Platforms { get; init; }

    public Func<ResourceSettings, ResourceSettings> Resources { get; init; } = r => r;

    public TimeSpan? Timeout { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    public ContextMode? ContextMode { get; init; }

    /// <summary>Replaces images.yaml kaniko.extraArgs for this image.</summary>
    public IReadOnlyList<string>? KanikoArgs { get; init; }

    /// <summary>Each placement field set here replaces the same field of images.yaml defaults.</summary>
    public Func<Placement, Placement> Placement { get; init; } = p => p;

    private static readonly Dictionary<string, ValueShape> Schema = new(StringComparer.Ordinal)
    {
        ["tags"] = ValueShape.List,
        ["dockerfile"] = ValueShape.Scalar,
        ["context"] = ValueShape.Scalar,
        ["buildArgs"] = ValueShape.Map,
        ["target"] = ValueShape.Scalar,
        ["platforms"] = ValueShape.List,
        ["resources.requests.cpu"] = ValueShape.Scalar,
        ["resources.requests.memory"] = ValueShape.Scalar,
        ["resources.limits.cpu"] = ValueShape.Scalar,
        ["resources.limits.memory"] = ValueShape.Scalar,
        ["timeout"] = ValueShape.Scalar,
        ["labels"] = ValueShape.Map,
        ["contextMode"] = ValueShape.Scalar,
        ["kanikoArgs"] = ValueShape.List,
        ["nodeSelector"] = ValueShape.Map,
        ["tolerations"] = ValueShape.Object,
        ["affinity"] = ValueShape.Object,
        ["priorityClassName"] = ValueShape.Scalar,
    };

    /// <summary>Reads image.yaml; every problem goes to <paramref name="errors"/> naming the file and line.</summary>
    public static ImageOptions Read(string fullPath, string source, ErrorList errors)
    {
        var values = YamlSettingsFile.Read(fullPath, source, Schema, errors);
        var options = new ImageOptions();
        foreach (var (key, value) in values)
        {
            var problems = new List<string>();
            try
            {
                options = Apply(options, key, value, problems);
            }
            catch (SettingValueException e)
            {
                errors.Add(source, e.Message, e.Line);
            }
            catch (FormatException e)
            {
                problems.Add(e.Message);
            }

            foreach (var problem in problems)
            {
                errors.Add(source, $"'{key}' {problem}", value.Line);
            }
        }

        return options;
    }

    /// <summary>Reads every entry of a list or map, collecting each bad one, so one run names them all.</summary>
    private static List<T> Each<TIn, T>(IEnumerable<TIn> entries, Func<TIn, T> parse, List<string> problems)
    {
        var parsed = new List<T>();
        foreach (var entry in entries)
        {
            try
            {
                parsed.Add(parse(entry));
            }
            catch (FormatException e)
            {
                problems.Add(e.Message);
            }
        }

        return parsed;
    }

    private static ImageOptions Apply(ImageOptions options, string key, YamlSetting value, List<string> problems)
    {
        var scalar = value.Scalar is { } s ? s.Trim() : null;
        if (scalar is null && value.Items.Count == 0 && value.Entries.Count == 0 && (value.Node is null || YamlSettingsFile.IsNull(value.Node)))
        {
            return options;
        }

        return key switch
        {
            "tags" => options with { Tags = SettingValues.Tags(Each(value.Items, SettingValues.Tag, problems)) },
            "dockerfile" => options with { Dockerfile = SettingValues.NonEmpty(scalar!) },
            "context" => options with { Context = SettingValues.NonEmpty(scalar!) },
            "buildArgs" => options with
            {
                BuildArgs = Each(value.Entries, e => KeyValuePair.Create(SettingValues.BuildArgName(e.Key), e.Value), problems),
            },
            "target" => options with { Target = SettingValues.StageName(scalar!) },
            "platforms" => options with { Platforms = Platform.List(Each(value.Items, Platform.Check, problems)) },
            "resources.requests.cpu" => options.WithResources(SettingValues.Quantity(scalar!), (r, q) => r with { CpuRequest = q }),
            "resources.requests.memory" => options.WithResources(SettingValues.Quantity(scalar!), (r, q) => r with { MemoryRequest = q }),
            "resources.limits.cpu" => options.WithResources(SettingValues.Quantity(scalar!), (r, q) => r with { CpuLimit = q }),
            "resources.limits.memory" => options.WithResources(SettingValues.Quantity(scalar!), (r, q) => r with { MemoryLimit = q }),
            "timeout" => options with { Timeout = DurationText.Parse(scalar!) },
            "labels" => options with { Labels = Each(value.Entries, e => SettingValues.UserLabel(e.Key, e.Value), problems) },
            "contextMode" => options with { ContextMode = SettingValues.ContextMode(scalar!) },
            "kanikoArgs" => options with { KanikoArgs = value.Items.Select(KanikoFlags.ExtraArgument).ToList() },
            "nodeSelector" => options.WithPlacement(PlacementValues.NodeSelector(value), (p, v) => p with { NodeSelector = v }),
            "tolerations" => options.WithPlacement(PlacementValues.Tolerations(value, key), (p, v) => p with { Tolerations = v }),
            "affinity" => options.WithPlacement(PlacementValues.Affinity(value, key), (p, v) => p with { Affinity = v }),
            "priorityClassName" => options.WithPlacement(SettingValues.Subdomain(scalar!), (p, v) => p with { PriorityClassName = v }),
            _ => throw new InvalidOperationException($"The schema lists '{key}' but nothing applies it."),
        };
    }

    /// <summary>Adds one placement override on top of the defaults; the value is read and checked here, while reading.</summary>
    private ImageOptions WithPlacement<T>(T value, Func<Placement, T, Placement> change)
    {
        var before = Placement;
        return this with { Placement = p => change(before(p), value) };
    }

    /// <summary>Adds one resource override on top of the defaults; the quantity is checked here, while reading.</summary>
    private ImageOptions WithResources(string quantity, Func<ResourceSettings, string, ResourceSettings> change)
    {
        var before = Resources;
        return this with { Resources = r => change(before(r), quantity) };
    }
}
