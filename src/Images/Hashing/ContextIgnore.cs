namespace KanikoImages.Images.Hashing;

/// <summary>
/// The ignore file applied to one context listing: answers with kaniko's verdict (what the build really gets) and
/// collects the paths where Docker's verdict differs, for one warning per pattern and direction.
/// </summary>
internal sealed class ContextIgnore(DockerIgnore ignore, string? fileName)
{
    private readonly Dictionary<(int Line, bool KanikoSends), Difference> _differences = [];

    public static ContextIgnore None { get; } = new(DockerIgnore.Empty, null);

    public bool IsExcluded(string path)
    {
        var verdict = ignore.Check(path);
        if (verdict.Kaniko != verdict.Docker)
        {
            var key = (verdict.Line, !verdict.Kaniko);
            _differences[key] = _differences.TryGetValue(key, out var seen)
                ? seen with { Example = string.CompareOrdinal(path, seen.Example) < 0 ? path : seen.Example, Count = seen.Count + 1 }
                : new Difference(verdict.Pattern!, path, 1);
        }

        return verdict.Kaniko;
    }

    public bool ExcludesEverythingBelow(string folder) => ignore.ExcludesEverythingBelow(folder);

    /// <summary>One line per pattern and direction, in line order; the hash follows kaniko in each.</summary>
    public IEnumerable<string> Warnings() =>
        _differences.OrderBy(d => d.Key.Line).ThenBy(d => d.Key.KanikoSends).Select(d =>
        {
            var more = d.Value.Count > 1 ? $" (and {d.Value.Count - 1} more)" : "";
            var what = d.Key.KanikoSends
                ? $"kaniko sends {d.Value.Example}{more} although Docker would not"
                : $"kaniko leaves out {d.Value.Example}{more} although Docker would send it";
            return $"{fileName} line {d.Key.Line}: {what}: pattern '{d.Value.Pattern}'; the hash follows kaniko";
        });

    private sealed record Difference(string Pattern, string Example, int Count);
}
