using System.Text.RegularExpressions;

namespace KanikoImages.Images.Discovery;

/// <summary>What the catalog reads from a Dockerfile's text: its instructions (none: kaniko would fail on it), and its VERSION.</summary>
internal static partial class DockerfileText
{
    /// <summary>
    /// The first VERSION set by an ENV or ARG instruction (the original project's tag convention), with quotes
    /// removed: "ENV VERSION=1.2", "ENV VERSION 1.2", "ARG VERSION=1.2", "ENV A=1 VERSION=1.2". Read from the
    /// instructions as BuildKit splits them, so a continued line counts and a heredoc's body does not.
    /// </summary>
    public static string? Version(IEnumerable<DockerfileInstruction> instructions)
    {
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword is not ("ENV" or "ARG"))
            {
                continue;
            }

            var arguments = instruction.Arguments;
            var firstToken = arguments.Split((char[])[' ', '\t'], 2);
            if (instruction.Keyword == "ENV" && !firstToken[0].Contains('='))
            {
                // The legacy form "ENV NAME value": the rest of the instruction is the value.
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

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?<value>""[^""]*""|'[^']*'|\S*)")]
    private static partial Regex PairPattern();
}
