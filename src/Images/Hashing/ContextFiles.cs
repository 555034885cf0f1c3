namespace KanikoImages.Images.Hashing;

/// <summary>One entry of a build context: a file, or a symbolic link (hashed as its target path).</summary>
internal sealed record ContextEntry(string Path, FileSystemInfo File, string? LinkTarget);

/// <summary>
/// Lists what Docker would send as the build context: every file and symlink below the context folder that
/// .dockerignore does not exclude, sorted ordinally by context-relative path. Symlinks are not followed (Docker
/// sends them as links); one leading outside the repository or into .git is an error, and so is a FIFO, socket
/// or device.
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
                // Directories come typed from the listing; anything else pays one lstat, so a FIFO or a device is
                // refused by its type and never opened.
                var kind = child is DirectoryInfo && !child.Attributes.HasFlag(FileAttributes.ReparsePoint)
                    ? FileKind.Directory
                    : FileKinds.Of(child.FullName);
                switch (kind)
                {
                    case FileKind.Directory:
                        // git keeps its database out of the commit's tree, and kaniko's git context does not send it.
                        // kaniko decides file by file, so a folder is skipped only when nothing below it can be used.
                        if (child.Name != ".git" && !ignore.ExcludesEverythingBelow(path))
                        {
                            pending.Push(((DirectoryInfo)child, path + "/"));
                        }

                        break;
                    case FileKind.SymbolicLink when !ignore.IsExcluded(path):
                        var target = child.LinkTarget ?? "";
                        if (RealPaths.Resolve(repositoryRoot, current.Folder.FullName, target, out var problem) is null)
                        {
                            errors.Add(RepositoryPath(repositoryRoot, child.FullName), $"is a symlink to '{target}': {problem}; the build would not see it");
                        }
                        else
                        {
                            entries.Add(new ContextEntry(path, child, target.Replace('\\', '/')));
                        }

                        break;
                    case FileKind.Special when !ignore.IsExcluded(path):
                        errors.Add(RepositoryPath(repositoryRoot, child.FullName), "is a FIFO, socket or device, not a file: a build context holds only files, folders and symlinks");
                        break;
                    case FileKind.Regular when !ignore.IsExcluded(path):
                        entries.Add(new ContextEntry(path, child, null));
                        break;
                }
            }
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    /// <summary>Repository-relative path with '/', for messages and the git index.</summary>
    public static string RepositoryPath(string repositoryRoot, string fullPath) =>
        Path.GetRelativePath(repositoryRoot, fullPath).Replace('\\', '/');
}
