namespace KanikoImages.Publishing;

/// <summary>The manifest commit's message: which images' build Jobs it adds, changes and removes.</summary>
public static class CommitMessage
{
    /// <summary>GitHub Actions (and most CI) skip a push whose commit message carries this, so publishing does not loop.</summary>
    public const string SkipCi = "[skip ci]";

    /// <summary>More names than this go to the body only, so the subject line stays readable.</summary>
    private const int NamesInSubject = 5;

    public static string For(ManifestChanges changes)
    {
        var parts = new[] { ("added", changes.Added), ("changed", changes.Changed), ("removed", changes.Removed) }
            .Where(part => part.Item2.Count > 0)
            .ToList();
        if (parts.Count == 0)
        {
            return $"Publish deploy/: shared resources only {SkipCi}";
        }

        var total = parts.Sum(part => part.Item2.Count);
        var subject = total <= NamesInSubject
            ? string.Join("; ", parts.Select(part => $"{part.Item1} {string.Join(", ", part.Item2)}"))
            : string.Join(", ", parts.Select(part => $"{part.Item2.Count} {part.Item1}")) + " images";
        var body = parts.Select(part => $"{Capitalized(part.Item1)}: {string.Join(", ", part.Item2)}");
        return $"Publish deploy/: {subject} {SkipCi}\n\n{string.Join('\n', body)}\n";
    }

    private static string Capitalized(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
