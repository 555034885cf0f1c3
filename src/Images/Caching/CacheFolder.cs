using KanikoImages.Images.Hashing;

namespace KanikoImages.Images.Caching;

/// <summary>
/// .tools/cache/ of the repository being worked on: what the caches keep between runs. Safe to delete at any time
/// (the next run is a cold one). Never reached through a symlink, which a hostile repository could point anywhere.
/// </summary>
public static class CacheFolder
{
    public const string RelativePath = ".tools/cache";

    /// <summary>
    /// The folder, or null when it cannot be used (a link, a file): then nothing is cached. Made when missing only
    /// with <paramref name="create"/>, so a run that has nothing to keep leaves the repository as it was.
    /// </summary>
    public static string? Of(string repositoryRoot, bool create)
    {
        var tools = Path.Combine(repositoryRoot, ".tools");
        var folder = Path.Combine(tools, "cache");
        if (FileKinds.Of(folder) == FileKind.Missing)
        {
            if (!create)
            {
                return FileKinds.Of(tools) is FileKind.Missing or FileKind.Directory ? folder : null;
            }

            try
            {
                if (FileKinds.Of(tools) is FileKind.Missing or FileKind.Directory)
                {
                    Directory.CreateDirectory(folder);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        // Checked after making it: lstat does not follow the last hop, so a link in either place is seen as one.
        return FileKinds.Of(tools) == FileKind.Directory && FileKinds.Of(folder) == FileKind.Directory ? folder : null;
    }

    /// <summary>The length of a regular file (not a link, FIFO or device); null for anything else.</summary>
    public static long? RegularFileLength(string path) => FileKinds.Stat(path) is { Kind: FileKind.Regular } stat ? stat.Size : null;

    /// <summary>A cache file's bytes; null when it is missing, not a regular file, larger than <paramref name="limit"/> or unreadable.</summary>
    public static byte[]? Read(string folder, string name, long limit)
    {
        try
        {
            return ContextContent.ReadRegular(Path.Combine(folder, name), limit);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
