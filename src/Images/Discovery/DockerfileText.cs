using System.Text.RegularExpressions;

namespace KanikoImages.Images.Discovery;

/// <summary>What the catalog reads from a Dockerfile's text: whether it has instructions, and its VERSION.</summary>
internal static partial class DockerfileText
{
    /// <summary>False for an empty file or one holding only blank lines and comments: kaniko would fail on it.</summary>
    public static bool HasInstructions(string text) =>
        text.Split('\n').Select(l => l.Trim()).Any(l => l.Length > 0 && !l.StartsWith('#'));

    /// <summary>
    /// The first VERSION set by an ENV or ARG instruction (the original project's tag convention), with quotes
    /// removed: "ENV VERSION=1.2", "ENV VERSION 1.2", "ARG VERSION=1.2", "ENV A=1 VERSION=1.2".
    /// </summary>
    public static string? Version(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var instruction = InstructionPattern().Match(line);
            if (!instruction.Success)
            {
                continue;
            }

            var arguments = instruction.Groups["args"].Value.Trim();
            var isEnv = instruction.Groups["op"].Value.Equals("ENV", StringComparison.OrdinalIgnoreCase);
            var firstToken = arguments.Split((char[])[' ', '\t'], 2);
            if (isEnv && !firstToken[0].Contains('='))
            {
                // The legacy form "ENV NAME value": the rest of the line is the value.
                if (firstToken[0] == "VERSION" && firstToken.Length == 2)
                {
                    return Unquote(firstToken[1].Trim());
                }

                continue;
            }

            foreach (Match pair in PairPattern().Matches(arguments))
            {
                if (pair.Groups["name"].Value == "VERSION")
                {
                    return Unquote(pair.Groups["value"].Value);
                }
            }
        }

        return null;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0] ? value[1..^1] : value;

    [GeneratedRegex(@"^\s*(?<op>ENV|ARG)\s+(?<args>.+?)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex InstructionPattern();

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>""[^""]*""|'[^']*'|\S*)")]
    private static partial Regex PairPattern();
}
