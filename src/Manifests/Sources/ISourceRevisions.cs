namespace KanikoImages.Manifests.Sources;

/// <summary>
/// The repository's git history as far as the images need it; build/ implements it with the git CLI in a
/// constant number of calls (never one per image).
/// </summary>
public interface ISourceRevisions
{
    /// <summary>
    /// Reads the first-parent history of the checked-out branch and the uncommitted changes, limited to
    /// <paramref name="pathspecs"/> (repository-relative folders; empty: everything). Null when the repository
    /// root is not inside a git work tree.
    /// </summary>
    /// <param name="workTreeMatchesIndex">
    /// The catalog found every tracked file below the pathspecs exactly as git's index has it
    /// (<see cref="KanikoImages.Images.ImageCatalog.TrackedFilesMatchIndex"/>): the uncommitted changes are then the
    /// index's against HEAD alone, and the work tree need not be compared again.
    /// </param>
    SourceHistory? Read(IReadOnlyCollection<string> pathspecs, bool workTreeMatchesIndex);
}

/// <param name="Prefix">The repository root relative to the git work tree's top ("" or "sub/dir/").</param>
/// <param name="Commits">First-parent history, newest first; paths relative to the repository root.</param>
/// <param name="Uncommitted">Modified, added, deleted, untracked and git-ignored paths, relative to the repository root.</param>
public sealed record SourceHistory(
    string Prefix,
    IReadOnlyList<CommitChanges> Commits,
    IReadOnlyList<UncommittedChange> Uncommitted)
{
    /// <summary>A shallow clone: its oldest commit seems to add every file, so revisions are not the real ones.</summary>
    public bool Shallow { get; init; }
}

/// <summary>One commit and the paths it changed against its first parent.</summary>
public sealed record CommitChanges(string Commit, IReadOnlyList<string> Paths);

/// <summary>A path whose working-tree state differs from HEAD; <paramref name="Deleted"/>: the commit has it, the folder not.</summary>
public sealed record UncommittedChange(string Path, bool Deleted);
