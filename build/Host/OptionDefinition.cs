namespace KanikoImages.Build.Host;

/// <summary>A flag is on or off (--x, --x=true, --x=false); a value option takes one value (--x=v or --x v).</summary>
public enum OptionKind
{
    Flag,
    Value,
}

/// <summary>
/// One command-line option: what the parser accepts, what --help shows and, through <see cref="Tasks"/>, which
/// runs may use it. The parser, the help text and the typed context all read these definitions, so they agree.
/// </summary>
public sealed record OptionDefinition(string Name, OptionKind Kind, string Help)
{
    /// <summary>Other spellings: one letter for -t style, or a word ("noop" for "dryrun").</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The placeholder --help shows for the value.</summary>
    public string ValueName { get; init; } = "VALUE";

    /// <summary>The environment variable read when the option is not given, if any.</summary>
    public string? Environment { get; init; }

    /// <summary>The task classes that read the option; empty: every run accepts it.</summary>
    public IReadOnlyList<Type> Tasks { get; init; } = [];

    /// <summary>Only the run's target reads it (--output: one document, from the task asked for), not its dependencies.</summary>
    public bool TargetOnly { get; init; }

    /// <summary>Given, the target prints one document on stdout, so the log goes to stderr as with --output=json.</summary>
    public bool OwnsStandardOutput { get; init; }

    /// <summary>Given more than once, every value counts (else the last one wins).</summary>
    public bool Repeatable { get; init; }

    /// <summary>The heading --help lists the option under.</summary>
    public string Section { get; init; } = "Options";

    /// <summary>How --help writes it: "--name=VALUE" or "--name".</summary>
    public string Usage => Kind == OptionKind.Flag ? "--" + Name : $"--{Name}={ValueName}";

    public IEnumerable<string> Names => Aliases.Prepend(Name);
}
