using System.Collections.Concurrent;

namespace KanikoImages.Images.Hashing;

/// <summary>
/// A .dockerignore read and matched as the pinned kaniko executor does: its lines read like moby/patternmatcher's
/// ignorefile.ReadAll (BOM and '#' comment lines skipped, spaces trimmed, "!" split off, then path-cleaned and a
/// leading '/' dropped), the patterns built like patternmatcher.New (cleaned again, so "./!x" is an exception too,
/// then checked with Go's filepath.Match syntax), each path decided by patternmatcher's older Matches, which kaniko's
/// pkg/util/fs_util.go calls: the last matching pattern wins, and besides the path itself only the parent folder as
/// deep as the pattern is tried. Docker (BuildKit) tries every parent folder (MatchesOrParentMatches); both verdicts
/// are given, so a difference can be reported.
/// </summary>
public sealed class DockerIgnore
{
    /// <summary>The ignore file's name in the context, and its suffix after a Dockerfile's name ("Dockerfile.dockerignore").</summary>
    public const string FileName = ".dockerignore";

    /// <summary>bufio.Scanner's limit: kaniko cannot read a longer line.</summary>
    private const int MaxLineBytes = 64 * 1024 - 1;

    /// <summary>Verdicts remembered per instance at most; more paths are decided each time.</summary>
    private const int MaxRemembered = 64 * 1024;

    private static readonly IgnoreVerdict Included = new(false, false, null, 0);

    private readonly IReadOnlyList<IgnorePattern> _patterns;

    /// <summary>
    /// Verdicts by path. A verdict depends on the patterns and the path alone, and the images made from one template share
    /// one instance and list the same context paths, so most are found here rather than matched again.
    /// </summary>
    private readonly ConcurrentDictionary<string, IgnoreVerdict> _verdicts = new(StringComparer.Ordinal);

    private int _remembered;

    private DockerIgnore(IReadOnlyList<IgnorePattern> patterns) => _patterns = patterns;

    public static DockerIgnore Empty { get; } = new([]);

    /// <summary>True when some pattern is an exception ("!..."), so an excluded folder may still hold used files.</summary>
    public bool HasExceptions => _patterns.Any(p => p.Exception);

    /// <summary>Parses ignore-file text (BOM included, if any).</summary>
    /// <exception cref="DockerIgnoreException">Every line Docker refuses, or whose reading is not modelled.</exception>
    public static DockerIgnore Parse(string text)
    {
        var patterns = new List<IgnorePattern>();
        var problems = new List<DockerIgnoreProblem>();
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index];
            if (index == 0 && line.StartsWith('\uFEFF'))
            {
                line = line[1..];
            }

            if (line.EndsWith('\r'))
            {
                line = line[..^1];
            }

            try
            {
                if (System.Text.Encoding.UTF8.GetByteCount(line) > MaxLineBytes)
                {
                    throw new FormatException($"is longer than {MaxLineBytes:N0} bytes, more than kaniko can read");
                }

                if (Read(line, index + 1) is { } pattern)
                {
                    patterns.Add(pattern);
                }
            }
            catch (FormatException e)
            {
                problems.Add(new DockerIgnoreProblem(index + 1, e.Message));
            }
        }

        return problems.Count > 0 ? throw new DockerIgnoreException(problems) : new DockerIgnore(patterns);
    }

    /// <summary>Whether kaniko leaves a context-relative, cleaned path (with '/') out of the build.</summary>
    public bool IsExcluded(string path) => Check(path).Kaniko;

    /// <summary>kaniko's and Docker's verdicts on a context-relative, cleaned path (with '/').</summary>
    public IgnoreVerdict Check(string path)
    {
        if (_patterns.Count == 0)
        {
            return Included;
        }

        if (_verdicts.TryGetValue(path, out var known))
        {
            return known;
        }

        var verdict = Decide(path);
        if (Volatile.Read(ref _remembered) < MaxRemembered && Interlocked.Increment(ref _remembered) <= MaxRemembered)
        {
            _verdicts.TryAdd(path, verdict);
        }

        return verdict;
    }

    private IgnoreVerdict Decide(string path)
    {
        var slashes = new List<int>();
        for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            slashes.Add(slash);
        }

        bool kaniko = false, docker = false;
        IgnorePattern? differing = null;
        foreach (var pattern in _patterns)
        {
            // An include cannot change an excluded path, an exception cannot change an included one.
            var forKaniko = pattern.Exception == kaniko;
            var forDocker = pattern.Exception == docker;
            if (!forKaniko && !forDocker)
            {
                continue;
            }

            var itself = pattern.Matches(path);
            var kanikoMatch = itself || (pattern.Components <= slashes.Count && pattern.Matches(path[..slashes[pattern.Components - 1]]));
            var dockerMatch = itself || kanikoMatch || (slashes.Count > 0 && pattern.MatchesSomeParent(path));
            if (kanikoMatch != dockerMatch && differing is null)
            {
                differing = pattern;
            }

            kaniko = forKaniko && kanikoMatch ? !pattern.Exception : kaniko;
            docker = forDocker && dockerMatch ? !pattern.Exception : docker;
        }

        return kaniko == docker
            ? new IgnoreVerdict(kaniko, docker, null, 0)
            : new IgnoreVerdict(kaniko, docker, differing!.Source, differing.Line);
    }

    /// <summary>
    /// Whether every path below the folder is excluded by both kaniko and Docker, so the folder need not be read:
    /// with no exception, a pattern matching the folder's first parts (as many as the pattern has) excludes, for
    /// kaniko too, every path below it.
    /// </summary>
    public bool ExcludesEverythingBelow(string folder)
    {
        if (HasExceptions)
        {
            return false;
        }

        var parts = folder.Split('/');
        return _patterns.Any(p => p.Components <= parts.Length && p.Matches(string.Join('/', parts[..p.Components])));
    }

    /// <summary>Go's filepath.Clean for '/' paths: no empty or "." elements, ".." resolved where possible.</summary>
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

    /// <summary>One line: ignorefile.ReadAll's cleaning, then patternmatcher.New's; null for comments and blank lines.</summary>
    private static IgnorePattern? Read(string line, int number)
    {
        if (line.StartsWith('#'))
        {
            return null;
        }

        var pattern = line.Trim();
        if (pattern.Length == 0)
        {
            return null;
        }

        var source = pattern;
        var invert = pattern[0] == '!';
        pattern = invert ? pattern[1..].Trim() : pattern;
        if (pattern.Length > 0)
        {
            pattern = CleanPath(pattern);
            pattern = pattern.Length > 1 && pattern[0] == '/' ? pattern[1..] : pattern;
        }

        // patternmatcher.New cleans the whole line again and only then looks for the '!'.
        pattern = CleanPath((invert ? "!" : "") + pattern);
        var exception = pattern[0] == '!';
        if (exception && pattern.Length == 1)
        {
            throw new FormatException($"'{source}' is an exception ('!') without a pattern");
        }

        try
        {
            return IgnorePattern.Compile(exception ? pattern[1..] : pattern, exception, number, source);
        }
        catch (FormatException e)
        {
            throw new FormatException($"'{source}': {e.Message}");
        }
    }
}

/// <summary>kaniko's and Docker's verdicts on one path; when they differ, the first pattern they read differently.</summary>
public sealed record IgnoreVerdict(bool Kaniko, bool Docker, string? Pattern, int Line);

/// <summary>One refused line of an ignore file.</summary>
public sealed record DockerIgnoreProblem(int Line, string Problem);

/// <summary>An ignore file with lines Docker refuses (the build would fail) or that this tool cannot read exactly.</summary>
public sealed class DockerIgnoreException(IReadOnlyList<DockerIgnoreProblem> problems)
    : FormatException(string.Join("; ", problems.Select(p => $"line {p.Line}: {p.Problem}")))
{
    public IReadOnlyList<DockerIgnoreProblem> Problems { get; } = problems;
}
