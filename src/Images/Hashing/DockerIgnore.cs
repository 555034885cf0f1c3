using System.Text;
using System.Text.RegularExpressions;

namespace KanikoImages.Images.Hashing;

/// <summary>
/// A .dockerignore with Docker's semantics (moby/patternmatcher's MatchesOrParentMatches): Go filepath.Match
/// patterns plus "**", "!" exceptions, the last matching line wins, a pattern that matches a parent folder
/// excludes everything below it, leading "/" and "./" are cleaned away, lines starting with '#' are comments.
/// </summary>
public sealed class DockerIgnore
{
    private readonly IReadOnlyList<Pattern> _patterns;

    private DockerIgnore(IReadOnlyList<Pattern> patterns) => _patterns = patterns;

    public static DockerIgnore Empty { get; } = new([]);

    /// <summary>True when some pattern is an exception ("!..."), so an excluded folder may still hold included files.</summary>
    public bool HasExceptions => _patterns.Any(p => p.Exception);

    /// <summary>Parses .dockerignore text; throws FormatException naming the bad line.</summary>
    public static DockerIgnore Parse(string text)
    {
        var patterns = new List<Pattern>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.StartsWith('#'))
            {
                continue;
            }

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var exception = line[0] == '!';
            if (exception)
            {
                line = line[1..].Trim();
                if (line.Length == 0)
                {
                    throw new FormatException($"line {lineNumber}: '!' needs a pattern after it");
                }
            }

            line = CleanPath(line.Replace('\\', '/'));
            if (line.Length > 1 && line[0] == '/')
            {
                line = line[1..];
            }

            try
            {
                patterns.Add(new Pattern(line, exception));
            }
            catch (ArgumentException)
            {
                throw new FormatException($"line {lineNumber}: '{raw.Trim()}' is not a valid pattern");
            }
        }

        return new DockerIgnore(patterns);
    }

    /// <summary>Whether a context-relative path (with '/') is excluded from the build context.</summary>
    public bool IsExcluded(string path)
    {
        var matched = false;
        var slash = path.LastIndexOf('/');
        foreach (var pattern in _patterns)
        {
            // An include cannot change an excluded path, an exception cannot change an included one.
            if (pattern.Exception != matched)
            {
                continue;
            }

            var match = pattern.Matches(path);
            for (var end = path.IndexOf('/'); !match && end >= 0 && end <= slash; end = path.IndexOf('/', end + 1))
            {
                match = pattern.Matches(path[..end]);
            }

            if (match)
            {
                matched = !pattern.Exception;
            }
        }

        return matched;
    }

    /// <summary>Go's path.Clean for '/' paths: no empty or "." elements, ".." resolved where possible.</summary>
    internal static string CleanPath(string path)
    {
        var rooted = path.StartsWith('/');
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == ".." && parts.Count > 0 && parts[^1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".." || !rooted)
            {
                parts.Add(part);
            }
        }

        var cleaned = (rooted ? "/" : "") + string.Join('/', parts);
        return cleaned.Length > 0 ? cleaned : ".";
    }

    private sealed class Pattern
    {
        private readonly string _text;
        private readonly Kind _kind;
        private readonly Regex? _regex;

        public Pattern(string text, bool exception)
        {
            _text = text;
            Exception = exception;
            (_kind, _regex) = Compile(text);
        }

        private enum Kind
        {
            Exact,
            Prefix,
            Suffix,
            Regex,
        }

        public bool Exception { get; }

        public bool Matches(string path) => _kind switch
        {
            Kind.Exact => path == _text,
            Kind.Prefix => path.StartsWith(_text[..^2], StringComparison.Ordinal),
            Kind.Suffix => path.EndsWith(_text[2..], StringComparison.Ordinal) || (_text[2] == '/' && path == _text[3..]),
            _ => _regex!.IsMatch(path),
        };

        /// <summary>Turns the pattern into a regular expression the way patternmatcher does, keeping its fast paths.</summary>
        private static (Kind, Regex?) Compile(string pattern)
        {
            var regex = new StringBuilder("^");
            var kind = Kind.Exact;
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
                {
                    var start = i;
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                    }

                    if (i + 1 >= pattern.Length)
                    {
                        // "**" at the end matches everything below, like .gitignore.
                        if (kind == Kind.Exact)
                        {
                            kind = Kind.Prefix;
                        }
                        else
                        {
                            regex.Append(".*");
                            kind = Kind.Regex;
                        }
                    }
                    else
                    {
                        // Any number of folders, even none.
                        regex.Append("(.*/)?");
                        kind = Kind.Regex;
                    }

                    if (start == 0)
                    {
                        kind = Kind.Suffix;
                    }
                }
                else if (c == '*')
                {
                    regex.Append("[^/]*");
                    kind = Kind.Regex;
                }
                else if (c == '?')
                {
                    regex.Append("[^/]");
                    kind = Kind.Regex;
                }
                else if (c == '\\')
                {
                    if (i + 1 < pattern.Length)
                    {
                        regex.Append(Regex.Escape(pattern[++i].ToString()));
                        kind = Kind.Regex;
                    }
                    else
                    {
                        regex.Append(@"\\");
                    }
                }
                else if (c is '[' or ']')
                {
                    regex.Append(c);
                    kind = Kind.Regex;
                }
                else
                {
                    // Like patternmatcher: escape only what is special to regexps but plain in filepath.Match.
                    regex.Append(".+()|{}$".Contains(c) ? "\\" + c : c.ToString());
                }
            }

            return kind == Kind.Regex
                ? (kind, new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant))
                : (kind, null);
        }
    }
}
