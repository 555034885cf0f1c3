namespace KanikoImages.Images.Hashing;

/// <summary>One entry of a build context: a file, or a symbolic link (hashed as its target path).</summary>
internal sealed record ContextEntry(string Path, FileSystemInfo File, string? LinkTarget);

/// <summary>
/// Lists what Docker would send as the build context: every file and symlink below the context folder that
/// .dockerignore does not exclude, sorted ordinally by context-relative path. Symlinks are not followed (Docker
/// sends them as links), and one pointing outside the repository is an error.
/// </summary>
internal static class ContextFiles
{
    /// <param name="context">Absolute path of the context folder.</param>
    /// <param name="repositoryRoot">Absolute path of the repository, for messages and the symlink check.</param>
    /// <param name="ignore">The ignore file kaniko reads for this build.</param>
    /// <param name="errors">Where problems go.</param>
    public static List<ContextEntry> List(string context, string repositoryRoot, ContextIgnore ignore, ErrorList errors)
    {
        var entries = new List<ContextEntry>();
        var pending = new Stack<(DirectoryInfo Folder, string Prefix)>();
        pending.Push((new DirectoryInfo(context), ""));
        while (pending.TryPop(out var current))
        {
            IEnumerable<FileSystemInfo> children;
            try
            {
                children = current.Folder.EnumerateFileSystemInfos().ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(RepositoryPath(repositoryRoot, current.Folder.FullName), $"cannot be read: {e.Message}");
                continue;
            }

            foreach (var child in children)
            {
                var path = current.Prefix + child.Name;
                // The attributes come from the listing's own stat; LinkTarget costs a readlink, so only links pay it.
                if (child.Attributes.HasFlag(FileAttributes.ReparsePoint) && child.LinkTarget is { } target)
                {
                    if (!ignore.IsExcluded(path) && IsInside(repositoryRoot, current.Folder.FullName, target, child, errors))
                    {
                        entries.Add(new ContextEntry(path, child, target.Replace('\\', '/')));
                    }
                }
                else if (child is DirectoryInfo folder)
                {
                    // git keeps its database out of the commit's tree, and kaniko's git context does not send it.
                    // kaniko decides file by file, so a folder is skipped only when nothing below it can be used.
                    if (child.Name != ".git" && !ignore.ExcludesEverythingBelow(path))
                    {
                        pending.Push((folder, path + "/"));
                    }
                }
                else if (!ignore.IsExcluded(path))
                {
                    entries.Add(new ContextEntry(path, child, null));
                }
            }
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    /// <summary>Repository-relative path with '/', for messages and the git index.</summary>
    public static string RepositoryPath(string repositoryRoot, string fullPath) =>
        Path.GetRelativePath(repositoryRoot, fullPath).Replace('\\', '/');

    /// <summary>Whether <paramref name="fullPath"/> is the repository root or below it.</summary>
    public static bool IsInRepository(string repositoryRoot, string fullPath)
    {
        var relative = Path.GetRelativePath(repositoryRoot, fullPath);
        return relative == "." || !(relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative));
    }

    private static bool IsInside(string repositoryRoot, string folder, string target, FileSystemInfo link, ErrorList errors)
    {
        if (IsInRepository(repositoryRoot, Path.GetFullPath(target, folder)))
        {
            return true;
        }

        errors.Add(RepositoryPath(repositoryRoot, link.FullName), $"is a symlink to '{target}', outside the repository: the build would not see it");
        return false;
    }
}
