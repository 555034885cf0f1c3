namespace KanikoImages.Images.Hashing;

/// <summary>
/// One .dockerignore pattern, matched as moby/patternmatcher (v0.6.0, the version the pinned kaniko uses) does on
/// Linux: a pattern of plain characters is compared as a string (exact, "x/**" prefix, "**x" suffix); any other is
/// the regular expression patternmatcher builds from it ('*' = [^/]*, '?' = [^/], "**" = (.*/)? or .*, '\' escapes,
/// classes kept, a bare '^' an anchor), run here as a Thompson automaton over Unicode code points: linear in the
/// pattern times the path, whatever the pattern. Constructs whose regular-expression reading differs from the glob
/// one and that this automaton does not model (escaped letters or digits, '*' or '?' or "[:" inside a class) are
/// refused, so no verdict is ever guessed.
/// </summary>
internal sealed class IgnorePattern
{
    private readonly string _text;
    private readonly Kind _kind;
    private readonly Token[] _tokens;

    private IgnorePattern(string text, bool exception, int line, string source, Kind kind, Token[] tokens)
    {
        _text = text;
        Exception = exception;
        Line = line;
        Source = source;
        _kind = kind;
        _tokens = tokens;
        Components = text.Split('/').Length;
    }

    private enum Kind
    {
        Exact,
        Prefix,
        Suffix,
        Automaton,
    }

    private enum Op
    {
        Literal,
        NotSlash,
        NotSlashStar,
        AnyStar,
        AnyFolders,
        Class,
        Begin,
    }

    /// <summary>A "!" line: re-includes what it matches.</summary>
    public bool Exception { get; }

    /// <summary>1-based line in the ignore file.</summary>
    public int Line { get; }

    /// <summary>The line as written (trimmed), for messages.</summary>
    public string Source { get; }

    /// <summary>Number of '/'-separated parts: kaniko's Matches checks the parent folder of exactly this depth.</summary>
    public int Components { get; }

    /// <param name="text">The cleaned pattern without its '!'.</param>
    /// <exception cref="FormatException">Docker refuses the pattern, or its reading is not modelled.</exception>
    public static IgnorePattern Compile(string text, bool exception, int line, string source)
    {
        ValidateGlob(text);
        var (kind, tokens) = Translate(text);
        return new IgnorePattern(text, exception, line, source, kind, tokens);
    }

    /// <summary>Whether the whole (cleaned, '/'-separated) path matches.</summary>
    public bool Matches(string path) => _kind switch
    {
        Kind.Exact => path == _text,
        Kind.Prefix => path.StartsWith(_text[..^2], StringComparison.Ordinal),
        Kind.Suffix => MatchesSuffix(path),
        _ => Run(path, stopAtFolders: false),
    };

    /// <summary>Whether some parent folder of the path (a prefix ending before a '/') matches: Docker's parent rule.</summary>
    public bool MatchesSomeParent(string path)
    {
        if (_kind == Kind.Automaton)
        {
            return Run(path, stopAtFolders: true);
        }

        for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            if (Matches(path[..slash]))
            {
                return true;
            }
        }

        return false;
    }

    private bool MatchesSuffix(string path)
    {
        var suffix = _text[2..];
        return path.EndsWith(suffix, StringComparison.Ordinal) || (suffix.Length > 0 && suffix[0] == '/' && path == suffix[1..]);
    }

    /// <summary>
    /// Go's filepath.Match syntax check (what patternmatcher.New runs on every pattern): a '\' needs a character after
    /// it; a class needs at least one item before its ']', items may not start with '-' or ']', a range needs both ends.
    /// </summary>
    private static void ValidateGlob(string p)
    {
        var i = 0;
        while (i < p.Length)
        {
            switch (p[i])
            {
                case '\\':
                    if (i + 1 >= p.Length)
                    {
                        throw Bad("a '\\' at the end escapes nothing");
                    }

                    i += 1 + RuneLength(p, i + 1);
                    break;
                case '[':
                    i = ValidateClass(p, i + 1);
                    break;
                default:
                    i++;
                    break;
            }
        }
    }

    private static int ValidateClass(string p, int i)
    {
        if (i < p.Length && p[i] == '^')
        {
            i++;
        }

        for (var items = 0; ; items++)
        {
            if (i < p.Length && p[i] == ']' && items > 0)
            {
                return i + 1;
            }

            i = ValidateClassChar(p, i);
            if (p[i] == '-')
            {
                i = ValidateClassChar(p, i + 1);
            }
        }
    }

    /// <summary>Go's getEsc: one class character, which must be followed by more of the pattern.</summary>
    private static int ValidateClassChar(string p, int i)
    {
        if (i >= p.Length || p[i] is '-' or ']')
        {
            throw Bad("a character class ('[...]') is malformed: an item cannot start with '-' or ']', and the class needs its closing ']'");
        }

        if (p[i] == '\\')
        {
            i++;
        }

        i = i < p.Length ? i + RuneLength(p, i) : i;
        return i < p.Length
            ? i
            : throw Bad("a character class ('[...]') has no closing ']'");
    }

    /// <summary>patternmatcher's compile: the match kind and, for the automaton, its tokens.</summary>
    private static (Kind, Token[]) Translate(string pattern)
    {
        var tokens = new List<Token>();
        var kind = Kind.Exact;
        var runes = pattern.EnumerateRunes().Select(r => r.Value).ToArray();
        for (int i = 0, step = 0; i < runes.Length; i++, step++)
        {
            var ch = runes[i];
            var next = i + 1 < runes.Length ? runes[i + 1] : -1;
            if (ch == '*' && next == '*')
            {
                i++;
                if (i + 1 < runes.Length && runes[i + 1] == '/')
                {
                    i++;
                }

                if (i + 1 >= runes.Length)
                {
                    // A final "**" matches everything, '/' included (like .gitignore).
                    if (kind == Kind.Exact)
                    {
                        kind = Kind.Prefix;
                    }
                    else
                    {
                        tokens.Add(new Token(Op.AnyStar));
                        kind = Kind.Automaton;
                    }
                }
                else
                {
                    tokens.Add(new Token(Op.AnyFolders));
                    kind = Kind.Automaton;
                }

                if (step == 0)
                {
                    kind = Kind.Suffix;
                }
            }
            else if (ch == '*')
            {
                tokens.Add(new Token(Op.NotSlashStar));
                kind = Kind.Automaton;
            }
            else if (ch == '?')
            {
                tokens.Add(new Token(Op.NotSlash));
                kind = Kind.Automaton;
            }
            else if (ch == '\\')
            {
                i++;
                tokens.Add(Token.Char(EscapedLiteral(next)));
                kind = Kind.Automaton;
            }
            else if (ch == '[')
            {
                i = TranslateClass(runes, i + 1, tokens);
                kind = Kind.Automaton;
            }
            else if (ch == ']')
            {
                tokens.Add(Token.Char(ch));
                kind = Kind.Automaton;
            }
            else if (ch == '^')
            {
                // Left bare in the regular expression: an anchor at the start of the path, not a character.
                tokens.Add(new Token(Op.Begin));
            }
            else
            {
                tokens.Add(Token.Char(ch));
            }
        }

        return (kind, tokens.ToArray());
    }

    /// <summary>A class as Go's regexp reads patternmatcher's copy of it; returns the index of its closing ']'.</summary>
    private static int TranslateClass(int[] runes, int i, List<Token> tokens)
    {
        var negated = runes[i] == '^';
        i += negated ? 1 : 0;
        var ranges = new List<(int Low, int High)>();
        for (var first = true; first || runes[i] != ']'; first = false)
        {
            var low = ClassChar(runes, ref i);
            var high = low;
            if (runes[i] == '-')
            {
                i++;
                high = ClassChar(runes, ref i);
                if (high < low)
                {
                    throw Bad($"the range '{char.ConvertFromUtf32(low)}-{char.ConvertFromUtf32(high)}' runs backwards (Docker's matcher refuses it)");
                }
            }

            ranges.Add((low, high));
        }

        tokens.Add(new Token(Op.Class, Negated: negated, Ranges: ranges.ToArray()));
        return i;
    }

    private static int ClassChar(int[] runes, ref int i)
    {
        var ch = runes[i++];
        switch (ch)
        {
            case '\\':
                return EscapedLiteral(runes[i++]);
            case '*' or '?':
                throw Bad($"'{(char)ch}' inside a character class becomes a regular expression in Docker's and kaniko's matcher, not the character; write '\\{(char)ch}'");
            case '[' when runes[i] == ':':
                throw Bad("'[:' inside a character class is a POSIX class in Docker's and kaniko's matcher; write '\\[:' for the characters");
            default:
                return ch;
        }
    }

    /// <summary>'\' before ASCII punctuation is that character; before anything else Go's regexp reads an escape (\d, \n, \x41...) or refuses it.</summary>
    private static int EscapedLiteral(int ch)
    {
        if (ch < 0x80 && !char.IsAsciiLetterOrDigit((char)ch))
        {
            return ch;
        }

        throw Bad($"'\\{char.ConvertFromUtf32(ch)}' is a regular-expression escape (or an error) in Docker's and kaniko's matcher, not the character; write the character without '\\'");
    }

    /// <summary>The Thompson simulation: the set of token positions reached so far, one pass over the path.</summary>
    /// <param name="stopAtFolders">Answer whether a prefix ending before some '/' matches, instead of the whole path.</param>
    private bool Run(string path, bool stopAtFolders)
    {
        var n = _tokens.Length;

        // Four state sets of n + 1 flags: on the stack for the usual short pattern, so a file costs no garbage.
        var buffer = n < 64 ? stackalloc bool[4 * (n + 1)] : new bool[4 * (n + 1)];
        var at = buffer[..(n + 1)];
        var inside = buffer.Slice(n + 1, n + 1);
        var nextAt = buffer.Slice(2 * (n + 1), n + 1);
        var nextInside = buffer.Slice(3 * (n + 1), n + 1);
        at[0] = true;
        Close(at, inside, start: true);
        foreach (var rune in path.EnumerateRunes())
        {
            var c = rune.Value;
            if (stopAtFolders && c == '/' && at[n])
            {
                return true;
            }

            nextAt.Clear();
            nextInside.Clear();
            var alive = false;
            for (var k = 0; k < n; k++)
            {
                if (at[k])
                {
                    var token = _tokens[k];
                    switch (token.Op)
                    {
                        case Op.Literal when c == token.Value:
                        case Op.NotSlash when c != '/':
                        case Op.Class when token.Contains(c):
                            nextAt[k + 1] = alive = true;
                            break;
                        case Op.NotSlashStar when c != '/':
                        case Op.AnyStar when c != '\n':
                            nextAt[k] = alive = true;
                            break;
                    }
                }

                // Inside "(.*/)?": '.' stops at a newline (Go's default), the group ends at a '/'.
                if (inside[k] && c != '\n')
                {
                    nextInside[k] = alive = true;
                    if (c == '/')
                    {
                        nextAt[k + 1] = true;
                    }
                }
            }

            if (!alive)
            {
                return false;
            }

            var swap = at;
            at = nextAt;
            nextAt = swap;
            swap = inside;
            inside = nextInside;
            nextInside = swap;
            Close(at, inside, start: false);
        }

        return !stopAtFolders && at[n];
    }

    /// <summary>Follows the moves that read nothing; they only go forward, so one ascending sweep is enough.</summary>
    private void Close(Span<bool> at, Span<bool> inside, bool start)
    {
        for (var k = 0; k < _tokens.Length; k++)
        {
            if (!at[k])
            {
                continue;
            }

            switch (_tokens[k].Op)
            {
                case Op.NotSlashStar or Op.AnyStar:
                    at[k + 1] = true;
                    break;
                case Op.AnyFolders:
                    at[k + 1] = true;
                    inside[k] = true;
                    break;
                case Op.Begin when start:
                    at[k + 1] = true;
                    break;
            }
        }
    }

    private static int RuneLength(string s, int i) => char.IsSurrogatePair(s, i) ? 2 : 1;

    private static FormatException Bad(string problem) => new(problem);

    private readonly record struct Token(Op Op, int Value = 0, bool Negated = false, (int Low, int High)[]? Ranges = null)
    {
        public static Token Char(int value) => new(Op.Literal, value);

        public bool Contains(int c)
        {
            var found = false;
            foreach (var (low, high) in Ranges!)
            {
                found |= low <= c && c <= high;
            }

            return found != Negated;
        }
    }
}
