namespace KanikoImages.Build.Host;

/// <summary>The command line split into the target and the known options with their values.</summary>
public sealed record ParsedCommandLine(string? Target, IReadOnlyList<(OptionDefinition Option, string Value)> Values)
{
    /// <summary>The last value given for <paramref name="option"/> (by name: the build may narrow a host option), or null.</summary>
    public string? Last(OptionDefinition option) =>
        Values.Where(v => v.Option.Name == option.Name).Select(v => v.Value).LastOrDefault();

    public bool Flag(OptionDefinition option) => Last(option) == "true";
}

/// <summary>
/// Parses the command line against the declared options, matched case-insensitively as Cake matches argument
/// names. Nothing unknown is passed on: every problem is collected so that one run reports them all.
/// </summary>
public static class CommandLine
{
    /// <param name="isTaskName">Tells a task name from the value of an unknown option ("--junti x.xml Validate").</param>
    public static ParsedCommandLine Parse(
        IReadOnlyList<string> args, IReadOnlyList<OptionDefinition> options, Func<string, bool> isTaskName, ICollection<string> problems)
    {
        var byName = options.SelectMany(o => o.Names.Select(n => (Name: n, Option: o)))
            .ToDictionary(x => x.Name, x => x.Option, StringComparer.OrdinalIgnoreCase);
        string? target = null;
        OptionDefinition? previousFlag = null;
        var values = new List<(OptionDefinition, string)>();
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (!token.StartsWith('-') || token == "-")
            {
                if (target is null)
                {
                    target = token;
                }
                else
                {
                    problems.Add(previousFlag is not null && args[i - 1] is var flag && !flag.Contains('=')
                        ? $"unexpected argument '{token}' after {flag}: a flag takes no separate value; write {flag}=true or {flag}=false."
                        : $"unexpected argument '{token}': the target is already '{target}'.");
                }

                previousFlag = null;
                continue;
            }

            previousFlag = null;
            var longForm = token.StartsWith("--", StringComparison.Ordinal);
            var body = token[(longForm ? 2 : 1)..];
            var equals = body.IndexOf('=');
            var name = equals < 0 ? body : body[..equals];
            var inline = equals < 0 ? null : body[(equals + 1)..];

            // One dash for the one-letter forms only (-t, -w, -v, -e, -h, -?), as in Cake.
            if (!byName.TryGetValue(name, out var option) || (longForm ? name.Length == 1 && name != "?" : name.Length > 1))
            {
                problems.Add($"unknown option '{(longForm ? "--" : "-")}{name}'{Suggestion(name, options)}");
                if (inline is null && i + 1 < args.Count && !args[i + 1].StartsWith('-') && !isTaskName(args[i + 1]))
                {
                    i++;
                }

                continue;
            }

            if (option.Kind == OptionKind.Flag)
            {
                if (inline is null || inline.Equals("true", StringComparison.OrdinalIgnoreCase) || inline.Equals("false", StringComparison.OrdinalIgnoreCase))
                {
                    values.Add((option, (inline ?? "true").ToLowerInvariant()));
                    previousFlag = option;
                }
                else
                {
                    problems.Add($"--{option.Name}={inline}: a flag is true or false; write --{option.Name} or --{option.Name}=false.");
                }

                continue;
            }

            if (inline is null && (i + 1 >= args.Count || args[i + 1].StartsWith('-')))
            {
                problems.Add($"--{option.Name} needs a value: write --{option.Name}={option.ValueName}.");
                continue;
            }

            values.Add((option, inline ?? args[++i]));
        }

        foreach (var repeated in values.GroupBy(v => v.Item1).Where(g => g.Count() > 1 && !g.Key.Repeatable && g.Select(v => v.Item2).Distinct().Count() > 1))
        {
            problems.Add($"--{repeated.Key.Name} is given {repeated.Count()} times with different values; give it once.");
        }

        return new ParsedCommandLine(target, values);
    }

    /// <summary>"; did you mean '--dryrun'?" for the closest known option, or "." when none is close.</summary>
    public static string Suggestion(string name, IEnumerable<OptionDefinition> options)
    {
        var closest = Closest(name, options.SelectMany(o => o.Names.Where(n => n.Length > 1).Select(n => (Name: n, Usage: "--" + n))));
        return closest is null ? "." : $"; did you mean '{closest}'?";
    }

    /// <summary>The candidate nearest to <paramref name="name"/> when it is near enough to be a typo of it.</summary>
    public static string? Closest(string name, IEnumerable<(string Name, string Usage)> candidates)
    {
        var best = candidates
            .Select(c => (c.Usage, Distance: Distance(name.ToLowerInvariant(), c.Name.ToLowerInvariant())))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Usage, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Usage is not null && best.Distance <= Math.Max(2, name.Length / 3) ? best.Usage : null;
    }

    /// <summary>Edits (insert, delete, replace, swap two neighbours) that turn one word into the other.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}

/// <summary>The command line cannot be understood; the message lists every problem, one per line.</summary>
public sealed class CommandLineException(IReadOnlyList<string> problems) : UserException(string.Join(System.Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
