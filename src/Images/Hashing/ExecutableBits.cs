namespace KanikoImages.Images.Hashing;

/// <summary>Tells whether a context file is executable, the one file mode that changes what COPY produces.</summary>
public interface IExecutableBits
{
    /// <param name="repositoryPath">The file's repository-relative path, with '/'.</param>
    /// <param name="file">The file as the directory listing saw it (its mode is already read).</param>
    bool IsExecutable(string repositoryPath, FileSystemInfo file);
}

/// <summary>The file system's owner-execute bit: right on Linux and macOS, where checkouts carry the mode.</summary>
public sealed class FileSystemExecutableBits : IExecutableBits
{
    public static FileSystemExecutableBits Instance { get; } = new();

    public bool IsExecutable(string repositoryPath, FileSystemInfo file) =>
        !OperatingSystem.IsWindows() && (file.UnixFileMode & UnixFileMode.UserExecute) != 0;
}

/// <summary>
/// The executable bits git records (mode 100755 in the index). Windows file systems have no such bit, so there
/// the index is the only place the mode of a checkout lives; one `git ls-files --stage -z` per run provides it.
/// </summary>
public sealed class GitIndexExecutableBits : IExecutableBits
{
    private readonly HashSet<string> _executable;

    private GitIndexExecutableBits(HashSet<string> executable) => _executable = executable;

    /// <summary>Reads `git ls-files --stage -z` output: "&lt;mode&gt; &lt;object&gt; &lt;stage&gt;\t&lt;path&gt;" entries separated by NUL.</summary>
    public static GitIndexExecutableBits FromLsFilesStage(string output) =>
        new(GitIndexEntry.Parse(output).Where(e => e.Value.Executable).Select(e => e.Key).ToHashSet(StringComparer.Ordinal));

    public bool IsExecutable(string repositoryPath, FileSystemInfo file) => _executable.Contains(repositoryPath);
}
