using System.Text;
using System.Text.RegularExpressions;
using KanikoImages.Images.Discovery;

namespace KanikoImages.Images.Dependencies;

/// <summary>
/// Every image a Dockerfile pulls by name: each stage's FROM, COPY/ADD --from= and RUN --mount=...,from=, with ARGs
/// substituted the way the builder does (an ARG before the first FROM is in scope for FROM; inside a stage, ARGs
/// declared there; a build arg from image.yaml replaces a declared ARG's default). A name that is an earlier
/// stage's is a stage, not an image.
/// </summary>
internal static partial class DockerfileReferences
{
    public static List<BaseReference> Find(IEnumerable<DockerfileInstruction> instructions, IReadOnlyList<KeyValuePair<string, string>> buildArgs)
    {
        var overrides = buildArgs.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var global = new Dictionary<string, string?>(StringComparer.Ordinal);
        Dictionary<string, string?>? stage = null;
        var stages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var found = new List<BaseReference>();
        foreach (var instruction in instructions)
        {
            switch (instruction.Keyword)
            {
                case "ARG":
                    foreach (var (name, value) in DockerfileText.ArgDeclarations(instruction.Arguments))
                    {
                        var scope = stage ?? global;
                        // Inside a stage, a bare "ARG NAME" takes the global ARG's value into scope.
                        var inherited = value ?? (stage is not null ? global.GetValueOrDefault(name) : null);
                        scope[name] = overrides.TryGetValue(name, out var given) ? given : inherited is null ? null : Expand(inherited, scope);
                    }

                    break;
                case "FROM":
                    var words = Words(instruction.Arguments).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
                    if (words.Count == 0)
                    {
                        break;
                    }

                    Add(words[0], global, instruction);
                    stage = new Dictionary<string, string?>(StringComparer.Ordinal);
                    if (words.Count >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase))
                    {
                        stages.Add(words[2]);
                    }

                    break;
                case "COPY" or "ADD":
                    foreach (var flag in Words(instruction.Arguments).TakeWhile(w => w.StartsWith("--", StringComparison.Ordinal)))
                    {
                        if (flag.StartsWith("--from=", StringComparison.Ordinal))
                        {
                            Add(flag["--from=".Length..], stage ?? global, instruction);
                        }
                    }

                    break;
                case "RUN":
                    foreach (var flag in Words(instruction.Arguments).TakeWhile(w => w.StartsWith("--", StringComparison.Ordinal)))
                    {
                        if (flag.StartsWith("--mount=", StringComparison.Ordinal)
                            && flag["--mount=".Length..].Split(',').FirstOrDefault(o => o.StartsWith("from=", StringComparison.Ordinal)) is { } from)
                        {
                            Add(from["from=".Length..], stage ?? global, instruction);
                        }
                    }

                    break;
            }
        }

        return found;

        void Add(string word, Dictionary<string, string?> scope, DockerfileInstruction instruction)
        {
            var whole = WholeVariable().Match(word);
            var reference = Expand(Unquote(word), scope);
            if (reference.Length > 0 && !stages.Contains(reference) && !reference.All(char.IsAsciiDigit))
            {
                found.Add(new BaseReference(reference, instruction.Keyword, instruction.Line, whole.Success ? whole.Groups["name"].Value : null));
            }
        }
    }

    /// <summary>
    /// Longer expansions are no image reference (a reference is at most a few hundred characters); the bound keeps
    /// a hostile Dockerfile ("ARG A=$A$A" repeated) from doubling a value until memory runs out.
    /// </summary>
    private const int MaxExpansion = 4096;

    /// <summary>
    /// $NAME, ${NAME}, ${NAME:-default} and ${NAME:+alternative}; an unset name is empty, as for the builder. Empty
    /// when the result would exceed <see cref="MaxExpansion"/>.
    /// </summary>
    private static string Expand(string text, Dictionary<string, string?> scope)
    {
        if (!text.Contains('$'))
        {
            return text.Length <= MaxExpansion ? text : "";
        }

        var expanded = new StringBuilder();
        var at = 0;
        foreach (Match m in VariablePattern().Matches(text))
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Value;
            var value = scope.GetValueOrDefault(name);
            var replacement = m.Groups["op"].Value switch
            {
                ":-" => string.IsNullOrEmpty(value) ? m.Groups["word"].Value : value,
                ":+" => string.IsNullOrEmpty(value) ? "" : m.Groups["word"].Value,
                _ => value ?? "",
            };
            expanded.Append(text, at, m.Index - at).Append(replacement);
            at = m.Index + m.Length;
            if (expanded.Length > MaxExpansion)
            {
                return "";
            }
        }

        expanded.Append(text, at, text.Length - at);
        return expanded.Length <= MaxExpansion ? expanded.ToString() : "";
    }

    private static IEnumerable<string> Words(string arguments) =>
        arguments.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    private static string Unquote(string word) =>
        word.Length >= 2 && (word[0] is '"' or '\'') && word[^1] == word[0] ? word[1..^1] : word;

    [GeneratedRegex(@"\$(\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)((?<op>:[-+])(?<word>[^}]*))?\}|(?<plain>[A-Za-z_][A-Za-z0-9_]*))")]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"^[""']?\$(\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}|(?<name>[A-Za-z_][A-Za-z0-9_]*))[""']?$")]
    private static partial Regex WholeVariable();
}
