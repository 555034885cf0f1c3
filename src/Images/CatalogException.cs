namespace KanikoImages.Images;

/// <summary>
/// A user error in images.yaml or images/: the message is the text the user sees (one line per problem, each
/// naming the file), so the host prints it without a stack trace.
/// </summary>
public sealed class CatalogException(IReadOnlyList<CatalogError> errors)
    : UserException(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
{
    public IReadOnlyList<CatalogError> Errors { get; } = errors;
}

/// <summary>One problem: where (a repository-relative file, optionally a line, or an override's name) and what.</summary>
public sealed record CatalogError(string Source, string Problem, int? Line = null)
{
    public override string ToString() => Line is { } line ? $"{Source}:{line}: {Problem}" : $"{Source}: {Problem}";
}

/// <summary>Collects every problem of a run (images are checked in parallel) so one run reports them all.</summary>
internal sealed class ErrorList
{
    private readonly List<CatalogError> _errors = [];

    /// <summary>How many problems were collected so far.</summary>
    public int Count
    {
        get
        {
            lock (_errors)
            {
                return _errors.Count;
            }
        }
    }

    public void Add(string source, string problem, int? line = null)
    {
        lock (_errors)
        {
            _errors.Add(new CatalogError(source, problem, line));
        }
    }

    /// <summary>Throws every collected problem, sorted so the message does not depend on thread timing.</summary>
    public void ThrowIfAny()
    {
        lock (_errors)
        {
            if (_errors.Count > 0)
            {
                throw new CatalogException(
                    _errors.OrderBy(e => e.Source, StringComparer.Ordinal).ThenBy(e => e.Line).ThenBy(e => e.Problem, StringComparer.Ordinal).ToList());
            }
        }
    }
}
