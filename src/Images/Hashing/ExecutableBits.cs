namespace KanikoImages.Images.Hashing;

/// <summary>Tells whether a context file is executable, the one file mode that changes what COPY produces.</summary>
public interface IExecutableBits
{
    /// <param name="repositoryPath">The file's repository-relative path, with '/'.</param>
    /// <param name="fullPath">Where the file is.</param>
    bool IsExecutable(string repositoryPath, string fullPath);
}

/// <summary>The file system's owner-execute bit: right on Linux and macOS, where checkouts carry the mode.</summary>
public sealed class FileSystemExecutableBits : IExecutableBits
{
    public static FileSystemExecutableBits Instance { get; } = new();

    public bool IsExecutable(string repositoryPath, string fullPath) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(fullPath) & UnixFileMode.UserExecute) != 0;
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
        new(GitIndex.Parse(output).Where(e => e.Value.Executable).Select(e => e.Key).ToHashSet(StringComparer.Ordinal));

    public bool IsExecutable(string repositoryPath, string fullPath) => _executable.Contains(repositoryPath);
}
