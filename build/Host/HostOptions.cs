using Cake.Core.Diagnostics;

namespace KanikoImages.Build.Host;

/// <summary>What a task prints its result as: text for people, or one JSON document on stdout for scripts.</summary>
public enum OutputFormat
{
    Text,
    Json,
}

/// <summary>
/// The host's own options (Cake Frosting's --target, --working, --verbosity, --dryrun, --exclusive, --tree,
/// --description, --help, --version, plus --output/--json), read from a parsed command line.
/// </summary>
public sealed record HostOptions
{
    public static readonly OptionDefinition Target = new("target", OptionKind.Value, "The task to run; also the first bare argument. Default: Default")
    {
        Aliases = ["t"], ValueName = "TASK", Section = "Host options",
    };

    public static readonly OptionDefinition Working = new("working", OptionKind.Value, "The repository to work on. Default: the folder holding build.sh")
    {
        Aliases = ["w"], ValueName = "DIR", Section = "Host options",
    };

    public static readonly OptionDefinition VerbosityOption = new("verbosity", OptionKind.Value, "quiet, minimal, normal, verbose or diagnostic. Default: normal")
    {
        Aliases = ["v"], ValueName = "LEVEL", Section = "Host options",
    };

    public static readonly OptionDefinition DryRunOption = new("dryrun", OptionKind.Flag, "Preview: the tasks run, report what they would do and write nothing")
    {
        Aliases = ["noop", "whatif"], Section = "Host options",
    };

    public static readonly OptionDefinition ExclusiveOption = new("exclusive", OptionKind.Flag, "Run the target without its dependencies")
    {
        Aliases = ["e"], Section = "Host options",
    };

    public static readonly OptionDefinition TreeOption = new("tree", OptionKind.Flag, "Show the dependency tree of the tasks") { Section = "Host options" };

    public static readonly OptionDefinition DescriptionOption = new("description", OptionKind.Flag, "List every task with its description")
    {
        Aliases = ["descriptions"], Section = "Host options",
    };

    public static readonly OptionDefinition HelpOption = new("help", OptionKind.Flag, "Print this help; --help TASK: that task's description, dependencies and options")
    {
        Aliases = ["h", "?"], Section = "Host options",
    };

    public static readonly OptionDefinition VersionOption = new("version", OptionKind.Flag, "Print the version") { Section = "Host options" };

    public static readonly OptionDefinition OutputOption = new("output", OptionKind.Value, "text (default) or json: json prints one JSON document on stdout and sends the log to stderr")
    {
        ValueName = "FORMAT", Section = "Host options",
    };

    public static readonly OptionDefinition JsonOption = new("json", OptionKind.Flag, "Short for --output=json") { Section = "Host options" };

    /// <summary>Every host option, in the order --help lists them.</summary>
    public static IReadOnlyList<OptionDefinition> Definitions { get; } =
    [
        Target, Working, VerbosityOption, DryRunOption, ExclusiveOption, OutputOption, JsonOption, TreeOption, DescriptionOption, HelpOption, VersionOption,
    ];

    public string? TargetName { get; init; }

    public string? WorkingDirectory { get; init; }

    public Verbosity Verbosity { get; init; } = Verbosity.Normal;

    public bool DryRun { get; init; }

    public bool Exclusive { get; init; }

    public bool Tree { get; init; }

    public bool Description { get; init; }

    public bool Help { get; init; }

    public bool Version { get; init; }

    public OutputFormat Output { get; init; } = OutputFormat.Text;

    /// <summary>The options the tasks read, by their canonical names; flags as "true" or "false".</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Arguments { get; init; } = [];

    /// <summary>Reads the host's options out of <paramref name="line"/>; every problem goes to <paramref name="problems"/>.</summary>
    public static HostOptions From(ParsedCommandLine line, ICollection<string> problems)
    {
        var options = new HostOptions
        {
            TargetName = line.Last(Target) ?? line.Target,
            WorkingDirectory = line.Last(Working),
            DryRun = line.Flag(DryRunOption),
            Exclusive = line.Flag(ExclusiveOption),
            Tree = line.Flag(TreeOption),
            Description = line.Flag(DescriptionOption),
            Help = line.Flag(HelpOption),
            Version = line.Flag(VersionOption),
            Arguments = line.Values
                .Where(v => Definitions.All(d => d.Name != v.Option.Name))
                .Select(v => KeyValuePair.Create(v.Option.Name, v.Value))
                .ToList(),
        };
        if (line.Last(Target) is { } named && line.Target is { } positional && !named.Equals(positional, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"two targets: '{positional}' and --target={named}; give one.");
        }

        if (line.Last(VerbosityOption) is { } verbosity)
        {
            if (ParseVerbosity(verbosity) is { } level)
            {
                options = options with { Verbosity = level };
            }
            else
            {
                problems.Add($"--verbosity: unknown verbosity '{verbosity}'; use quiet, minimal, normal, verbose or diagnostic.");
            }
        }

        var json = line.Flag(JsonOption);
        switch (line.Last(OutputOption)?.ToLowerInvariant())
        {
            case null:
                options = options with { Output = json ? OutputFormat.Json : OutputFormat.Text };
                break;
            case "json":
                options = options with { Output = OutputFormat.Json };
                break;
            case "text" when !json:
                break;
            case "text":
                problems.Add("--json and --output=text disagree; give one of them.");
                break;
            case var other:
                problems.Add($"--output: unknown format '{other}'; use text or json.");
                break;
        }

        return options;
    }

    private static Verbosity? ParseVerbosity(string value) => value.ToLowerInvariant() switch
    {
        "q" or "quiet" => Verbosity.Quiet,
        "m" or "minimal" => Verbosity.Minimal,
        "n" or "normal" => Verbosity.Normal,
        "v" or "verbose" => Verbosity.Verbose,
        "d" or "diag" or "diagnostic" => Verbosity.Diagnostic,
        _ => null,
    };
}
