using System.Text.RegularExpressions;

namespace KanikoImages.Images.Discovery;

/// <summary>One instruction of a Dockerfile: its keyword (upper case), its arguments joined over continuations, its first line.</summary>
internal sealed record DockerfileInstruction(string Keyword, string Arguments, int Line);

internal static partial class DockerfileText
{
    /// <summary>
    /// The instructions in order, split as Dockerfile parsers do: a line ending in the escape character
    /// (backslash, or the one an "# escape=" directive names) continues on the next, comment lines inside a
    /// continuation are dropped, and the body of a heredoc (RUN &lt;&lt;EOF ... EOF) is skipped, so a "FROM" in a
    /// script is never taken for an instruction.
    /// </summary>
    public static IEnumerable<DockerfileInstruction> Instructions(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var escape = EscapeDirective(lines);
        var joined = new System.Text.StringBuilder();
        var start = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (joined.Length == 0 && (trimmed.Length == 0 || trimmed.StartsWith('#')))
            {
                continue;
            }

            if (joined.Length > 0 && trimmed.StartsWith('#'))
            {
                continue;
            }

            if (joined.Length == 0)
            {
                start = i + 1;
            }

            var content = line.TrimEnd();
            if (content.EndsWith(escape))
            {
                joined.Append(content[..^1]).Append(' ');
                continue;
            }

            joined.Append(content);
            var instruction = InstructionLine().Match(joined.ToString());
            joined.Clear();
            if (!instruction.Success)
            {
                continue;
            }

            var arguments = instruction.Groups["args"].Value.Trim();
            yield return new DockerfileInstruction(instruction.Groups["op"].Value.ToUpperInvariant(), arguments, start);
            var heredocs = instruction.Groups["op"].Value.ToUpperInvariant() is "RUN" or "COPY" or "ADD" ? HeredocPattern().Matches(arguments) : null;
            foreach (Match heredoc in heredocs ?? (IEnumerable<Match>)[])
            {
                var delimiter = heredoc.Groups["word"].Value;
                var tabs = heredoc.Groups["dash"].Success;
                while (i + 1 < lines.Length && (tabs ? lines[i + 1].TrimStart('\t') : lines[i + 1]).TrimEnd('\r') != delimiter)
                {
                    i++;
                }

                i++;
            }
        }
    }

    /// <summary>The ARG instruction's declarations: name and default (null when it has none), quotes removed.</summary>
    public static IEnumerable<(string Name, string? Default)> ArgDeclarations(string arguments)
    {
        foreach (var token in arguments.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = PairPattern().Match(token);
            if (pair.Success && pair.Index == 0 && pair.Length == token.Length)
            {
                yield return (pair.Groups["name"].Value, Unquote(pair.Groups["value"].Value));
            }
            else if (NamePattern().IsMatch(token))
            {
                yield return (token, null);
            }
        }
    }

    /// <summary>The "# escape=`" parser directive at the top of the file, else the backslash.</summary>
    private static char EscapeDirective(string[] lines)
    {
        foreach (var line in lines)
        {
            var directive = DirectivePattern().Match(line);
            if (!directive.Success)
            {
                break;
            }

            if (directive.Groups["key"].Value.Equals("escape", StringComparison.OrdinalIgnoreCase) && directive.Groups["value"].Value is ['`'])
            {
                return '`';
            }
        }

        return '\\';
    }

    [GeneratedRegex(@"^\s*(?<op>[A-Za-z]+)(\s+(?<args>.*))?$", RegexOptions.Singleline)]
    private static partial Regex InstructionLine();

    [GeneratedRegex(@"<<(?<dash>-)?[""']?(?<word>[A-Za-z_][A-Za-z0-9_]*)[""']?")]
    private static partial Regex HeredocPattern();

    [GeneratedRegex(@"^#\s*(?<key>[a-zA-Z]+)\s*=\s*(?<value>\S+)\s*$")]
    private static partial Regex DirectivePattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex NamePattern();
}
