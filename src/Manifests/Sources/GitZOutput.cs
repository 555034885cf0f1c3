namespace KanikoImages.Manifests.Sources;

/// <summary>One entry of <c>git status --porcelain=v1 -z</c>: "XY path", and for a rename or copy its old path.</summary>
/// <param name="Index">X: the state in the index.</param>
/// <param name="WorkTree">Y: the state in the working tree.</param>
public sealed record GitStatusEntry(char Index, char WorkTree, string Path, string? OriginalPath)
{
    public bool Deleted => Index == 'D' || WorkTree == 'D';
}

/// <summary>
/// The one reader of git's NUL-separated (-z) output, as the tool runner hands it over: lines split at line
/// breaks, which are joined again before splitting at NUL.
/// </summary>
public static class GitZOutput
{
    /// <summary>The NUL-separated fields, empty ones dropped.</summary>
    public static IReadOnlyList<string> Fields(IEnumerable<string> lines) =>
        string.Join('\n', lines).Split('\0', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The entries of <c>git status --porcelain=v1 -z</c>; with renames detected, R and C entries carry their old path.</summary>
    public static IReadOnlyList<GitStatusEntry> Status(IEnumerable<string> lines)
    {
        var fields = Fields(lines);
        var entries = new List<GitStatusEntry>();
        for (var i = 0; i < fields.Count; i++)
        {
            // A field left over from the runner's line splitting would not have the "XY " shape: skip it.
            var field = fields[i].TrimStart('\n');
            if (field.Length < 4 || field[2] != ' ')
            {
                continue;
            }

            var original = field[0] is 'R' or 'C' && i + 1 < fields.Count ? fields[++i] : null;
            entries.Add(new GitStatusEntry(field[0], field[1], field[3..], original));
        }

        return entries;
    }

    /// <summary>The entries of <c>git diff-index --name-status --no-renames -z</c>: a status letter (D: deleted), then the path.</summary>
    public static IReadOnlyList<(string Path, bool Deleted)> NameStatus(IEnumerable<string> lines)
    {
        var fields = Fields(lines);
        var entries = new List<(string Path, bool Deleted)>();
        for (var i = 0; i + 1 < fields.Count; i += 2)
        {
            entries.Add((fields[i + 1], fields[i].TrimStart('\n').StartsWith('D')));
        }

        return entries;
    }
}
