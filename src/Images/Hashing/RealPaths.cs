namespace KanikoImages.Images.Hashing;

/// <summary>
/// Resolves a path to its real location one symlink hop at a time, the way the kernel would, and refuses it as
/// soon as a hop (a link's target, or a "..") leaves the repository or enters a .git folder: a lexical check of
/// the first hop is not enough (a chain "a -> ../../hop", "hop -> /proc/self/environ").
/// </summary>
internal static class RealPaths
{
    /// <summary>Linux's limit (MAXSYMLINKS): more hops are a loop.</summary>
    private const int MaxLinks = 40;

    private const string GitFolder = ".git";

    /// <param name="repositoryRoot">The repository's real absolute path.</param>
    /// <param name="from">A real folder inside the repository that <paramref name="path"/> is relative to.</param>
    /// <param name="path">The path as written (relative or absolute).</param>
    /// <param name="problem">Why the path is refused, when it is.</param>
    /// <returns>The real absolute path (its last parts may not exist), or null when refused.</returns>
    public static string? Resolve(string repositoryRoot, string from, string path, out string? problem) =>
        Walk(repositoryRoot, from, path, guard: true, out problem);

    /// <summary>The real location of an absolute path, every symlink on it resolved (the repository root's own).</summary>
    public static string Of(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath)!;
        return Walk(root, root, fullPath, guard: false, out _) ?? fullPath;
    }

    private static string? Walk(string repositoryRoot, string from, string path, bool guard, out string? problem)
    {
        problem = null;
        var pending = new Stack<string>();
        var current = Start(repositoryRoot, from, path, pending);
        if (current is null)
        {
            problem = $"'{path}' is outside the repository";
            return null;
        }

        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part is "" or ".")
            {
                continue;
            }

            var next = part == ".." ? Path.GetDirectoryName(current) ?? current : Path.Combine(current, part);
            if (!IsInside(repositoryRoot, next))
            {
                problem = $"'{path}' leads outside the repository";
                return null;
            }

            if (guard && part.Equals(GitFolder, StringComparison.OrdinalIgnoreCase))
            {
                problem = $"'{path}' leads into a .git folder (git's database, never part of a build)";
                return null;
            }

            if (part == ".." || FileKinds.Of(next) != FileKind.SymbolicLink)
            {
                current = next;
                continue;
            }

            var target = new FileInfo(next).LinkTarget ?? "";
            if (++links > MaxLinks)
            {
                problem = $"'{path}' has more than {MaxLinks} symlink hops (a loop?)";
                return null;
            }

            // The target replaces the link, resolved from the link's folder; each hop must stay inside on its own.
            if (Start(repositoryRoot, current, target, pending) is not { } restart)
            {
                problem = $"'{path}' goes through the symlink {Relative(repositoryRoot, next)} -> '{target}', outside the repository";
                return null;
            }

            current = restart;
        }

        return current;
    }

    /// <summary>Whether <paramref name="fullPath"/> is the repository root or below it (lexically).</summary>
    public static bool IsInside(string repositoryRoot, string fullPath)
    {
        var relative = Path.GetRelativePath(repositoryRoot, fullPath);
        return relative == "." || !(relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative));
    }

    private static string Relative(string repositoryRoot, string fullPath) =>
        Path.GetRelativePath(repositoryRoot, fullPath).Replace('\\', '/');

    /// <summary>
    /// Queues the parts of <paramref name="path"/> (first part on top) and returns the folder they start from; an
    /// absolute path starts from the repository root, and is null when it lies outside (lexically).
    /// </summary>
    private static string? Start(string repositoryRoot, string from, string path, Stack<string> pending)
    {
        if (!IsInside(repositoryRoot, Path.GetFullPath(path, from)))
        {
            return null;
        }

        var relative = Path.IsPathRooted(path) ? Path.GetRelativePath(repositoryRoot, Path.GetFullPath(path)) : path;
        foreach (var part in relative.Split('/', '\\').Reverse())
        {
            pending.Push(part);
        }

        return Path.IsPathRooted(path) ? repositoryRoot : from;
    }
}
