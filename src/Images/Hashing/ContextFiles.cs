using System.IO.Enumeration;

namespace KanikoImages.Images.Hashing;

/// <summary>One entry of a build context: a file, or a symbolic link (hashed as its target path).</summary>
/// <param name="Path">Relative to the context, with '/'.</param>
/// <param name="FullPath">Where it is read from.</param>
/// <param name="Stat">What the listing's lstat saw (<see cref="FileStat.Missing"/> when it did not need one).</param>
internal sealed record ContextEntry(string Path, string FullPath, string? LinkTarget, FileStat Stat = default);

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
        var pending = new Stack<(string Folder, string Prefix)>();
        pending.Push((new DirectoryInfo(context).FullName, ""));
        while (pending.TryPop(out var current))
        {
            List<string> names;
            try
            {
                names = Names(current.Folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(RepositoryPath(repositoryRoot, current.Folder), $"cannot be read: {e.Message}");
                continue;
            }

            foreach (var name in names)
            {
                var path = current.Prefix + name;
                var fullPath = Path.Join(current.Folder, name);
                // One lstat per entry, nothing else: a FIFO or a device is refused by its type and never opened,
                // and the file digest cache takes its key from the same call.
                var stat = FileKinds.Stat(fullPath);
                switch (stat.Kind)
                {
                    case FileKind.Directory:
                        // git keeps its database out of the commit's tree, and kaniko's git context does not send it.
                        // kaniko decides file by file, so a folder is skipped only when nothing below it can be used.
                        if (name != ".git" && !ignore.ExcludesEverythingBelow(path))
                        {
                            pending.Push((fullPath, path + "/"));
                        }

                        break;
                    case FileKind.SymbolicLink when !ignore.IsExcluded(path):
                        var target = new FileInfo(fullPath).LinkTarget ?? "";
                        if (RealPaths.Resolve(repositoryRoot, current.Folder, target, out var problem) is null)
                        {
                            errors.Add(RepositoryPath(repositoryRoot, fullPath), $"is a symlink to '{target}': {problem}; the build would not see it");
                        }
                        else
                        {
                            entries.Add(new ContextEntry(path, fullPath, target.Replace('\\', '/')));
                        }

                        break;
                    case FileKind.Special when !ignore.IsExcluded(path):
                        errors.Add(RepositoryPath(repositoryRoot, fullPath), "is a FIFO, socket or device, not a file: a build context holds only files, folders and symlinks");
                        break;
                    case FileKind.Regular when !ignore.IsExcluded(path):
                        entries.Add(new ContextEntry(path, fullPath, null, stat));
                        break;
                }
            }
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    /// <summary>
    /// The names in a folder, read without a stat per entry: skipping no attributes means .NET never asks for them
    /// (the default skips hidden and system entries, which costs an lstat each).
    /// </summary>
    private static List<string> Names(string folder) =>
        new FileSystemEnumerable<string>(folder, (ref FileSystemEntry entry) => entry.FileName.ToString(), NoAttributes).ToList();

    private static readonly EnumerationOptions NoAttributes = new() { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };

    /// <summary>Repository-relative path with '/', for messages and the git index.</summary>
    public static string RepositoryPath(string repositoryRoot, string fullPath) =>
        Path.GetRelativePath(repositoryRoot, fullPath).Replace('\\', '/');
}
