using KanikoImages.Manifests.Output;

namespace KanikoImages.Publishing;

/// <summary>The manifest commit's message: which images' build Jobs it adds, rebuilds, changes in template only and removes.</summary>
public static class CommitMessage
{
    /// <summary>GitHub Actions (and most CI) skip a push whose commit message carries this, so publishing does not loop.</summary>
    public const string SkipCi = "[skip ci]";

    /// <summary>How every manifest commit's subject starts.</summary>
    private const string Prefix = "Publish deploy/: ";

    /// <summary>More names than this go to the body only, so the subject line stays readable.</summary>
    private const int NamesInSubject = 5;

    /// <param name="changes">The Job changes between the committed and the new manifest (<see cref="JobChanges"/>).</param>
    public static string For(IReadOnlyList<JobChange> changes)
    {
        var parts = new[]
            {
                ("added", Images(changes, JobChangeKind.Added)),
                ("rebuilt", Images(changes, JobChangeKind.Rebuilt)),
                // Same words as GenerateManifests' change report: Argo CD replaces these Jobs and the guard skips the build.
                ("template changed", Images(changes, JobChangeKind.TemplateChanged)),
                ("removed", Images(changes, JobChangeKind.Removed)),
            }
            .Where(part => part.Item2.Count > 0)
            .ToList();
        if (parts.Count == 0)
        {
            return $"{Prefix}shared resources only {SkipCi}";
        }

        var total = parts.Sum(part => part.Item2.Count);
        var subject = total <= NamesInSubject
            ? string.Join("; ", parts.Select(part => $"{part.Item1} {string.Join(", ", part.Item2)}"))
            : string.Join(", ", parts.Select(part => $"{part.Item2.Count} {part.Item1}")) + " images";
        var body = parts.Select(part => $"{Capitalized(part.Item1)}: {string.Join(", ", part.Item2)}");
        return $"{Prefix}{subject} {SkipCi}\n\n{string.Join('\n', body)}\n";
    }

    /// <summary>Whether <paramref name="message"/> is one <see cref="For"/> wrote: a manifest commit of Publish.</summary>
    public static bool IsPublishMessage(string message) =>
        message.StartsWith(Prefix, StringComparison.Ordinal) && message.Split('\n')[0].EndsWith(SkipCi, StringComparison.Ordinal);

    /// <summary>The images with one of these kinds of change, in the changes' order (by image name).</summary>
    private static List<string> Images(IReadOnlyList<JobChange> changes, params JobChangeKind[] kinds) =>
        changes.Where(change => kinds.Contains(change.Kind)).Select(change => change.Image).ToList();

    private static string Capitalized(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
