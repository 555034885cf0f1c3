using Cake.Core.Diagnostics;

namespace Cake.Frosting;

/// <summary>
/// Cake Frosting's command line (--target, --working, --verbosity, --dryrun, --exclusive, --tree,
/// --description, --help, --version) plus a bare positional target. Every other --name[=value] becomes a
/// Cake argument that tasks read with context.Argument(...).
/// </summary>
public sealed record HostOptions
{
    public string? Target { get; init; }

    public string? Working { get; init; }

    public Verbosity Verbosity { get; init; } = Verbosity.Normal;

    public bool DryRun { get; init; }

    public bool Exclusive { get; init; }

    public bool Tree { get; init; }

    public bool Description { get; init; }

    public bool Help { get; init; }

    public bool Version { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Arguments { get; init; } = [];

    /// <param name="args">The process arguments.</param>
    /// <param name="isTaskName">Tells a task name from an option value, so "--json HashImages" keeps its target.</param>
    public static HostOptions Parse(IReadOnlyList<string> args, Func<string, bool> isTaskName)
    {
        var options = new HostOptions();
        var arguments = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (!token.StartsWith('-') || token == "-")
            {
                if (options.Target is not null)
                {
                    throw new HostOptionsException($"Unexpected argument '{token}': the target is already '{options.Target}'.");
                }

                options = options with { Target = token };
                continue;
            }

            var (name, inlineValue) = Split(token);
            string Value()
            {
                if (inlineValue is not null)
                {
                    return inlineValue;
                }

                if (i + 1 >= args.Count || args[i + 1].StartsWith('-'))
                {
                    throw new HostOptionsException($"Option '{token}' needs a value.");
                }

                return args[++i];
            }

            switch (name)
            {
                case "target" or "t": options = options with { Target = Value() }; continue;
                case "working" or "w": options = options with { Working = Value() }; continue;
                case "verbosity" or "v": options = options with { Verbosity = ParseVerbosity(Value()) }; continue;
                case "dryrun" or "noop" or "whatif": options = options with { DryRun = true }; continue;
                case "exclusive" or "e": options = options with { Exclusive = true }; continue;
                case "tree": options = options with { Tree = true }; continue;
                case "description" or "descriptions": options = options with { Description = true }; continue;
                case "help" or "h" or "?": options = options with { Help = true }; continue;
                case "version": options = options with { Version = true }; continue;
            }

            if (!token.StartsWith("--", StringComparison.Ordinal))
            {
                throw new HostOptionsException($"Unknown option '{token}'. Run with --help for the options.");
            }

            // A build argument: --name=value, --name value, or a bare --flag meaning "true".
            var value = inlineValue;
            if (value is null && i + 1 < args.Count && !args[i + 1].StartsWith('-') && !isTaskName(args[i + 1]))
            {
                value = args[++i];
            }

            arguments.Add(new(name, value ?? "true"));
        }

        return options with { Arguments = arguments };
    }

    private static (string Name, string? Value) Split(string token)
    {
        var body = token.TrimStart('-');
        var equals = body.IndexOf('=');
        return equals < 0 ? (body, null) : (body[..equals], body[(equals + 1)..]);
    }

    private static Verbosity ParseVerbosity(string value) => value.ToLowerInvariant() switch
    {
        "q" or "quiet" => Verbosity.Quiet,
        "m" or "minimal" => Verbosity.Minimal,
        "n" or "normal" => Verbosity.Normal,
        "v" or "verbose" => Verbosity.Verbose,
        "d" or "diag" or "diagnostic" => Verbosity.Diagnostic,
        _ => throw new HostOptionsException(
            $"Unknown verbosity '{value}': use quiet, minimal, normal, verbose or diagnostic."),
    };
}

/// <summary>The command line cannot be understood; the message says why.</summary>
public sealed class HostOptionsException(string message) : Exception(message);
