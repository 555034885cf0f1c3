using System.Security.Cryptography;
using System.Text;

namespace KanikoImages.Manifests.Output;

/// <summary>What writing one file did (or, in a dry run, would do).</summary>
public enum WriteOutcome
{
    Unchanged,
    Created,
    Updated,
}

/// <summary>
/// The one writer of files other programs read (deploy/, the schema cache, kubeconform): readers never see half a
/// file, and concurrent runs never mix. Under an exclusive lock per target, the content goes to a temp file of this
/// run's own (unique name, same folder), which then replaces the target in one rename; on any error the previous
/// file stays as it was. Temp files left by killed runs are removed under the same lock, where no live run can own
/// one. An unchanged file is not touched at all (its mtime stays, Git and Argo CD see nothing).
/// </summary>
public static class AtomicFile
{
    /// <summary>How long a run waits for another that is writing the same file.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(2);

    private const string TempSuffix = ".tmp";

    /// <summary>Writes <paramref name="content"/> unless the file already holds it; throws IOException naming the path.</summary>
    public static void Write(string path, byte[] content, UnixFileMode? mode = null) =>
        Write(path, new GeneratedFile([content]), dryRun: false, mode);

    /// <returns>What was done; <see cref="WriteOutcome.Updated"/> and <see cref="WriteOutcome.Created"/> only once these bytes are in place.</returns>
    /// <exception cref="IOException">The file could not be written; the message names it.</exception>
    public static WriteOutcome Write(string path, GeneratedFile content, bool dryRun, UnixFileMode? mode = null)
    {
        path = Path.GetFullPath(path);
        if (dryRun)
        {
            return Compare(path, content);
        }

        var folder = Path.GetDirectoryName(path)!;
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Environment.ProcessId}-{Guid.NewGuid():N}{TempSuffix}");
        try
        {
            using var held = Lock(path);
            Directory.CreateDirectory(folder);
            RemoveStaleTemps(folder, Path.GetFileName(path));
            var outcome = Compare(path, content);
            if (outcome != WriteOutcome.Unchanged)
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    content.WriteTo(stream);
                    stream.Flush(flushToDisk: true);
                }

                if (mode is { } unixMode && !OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(temp, unixMode);
                }

                File.Move(temp, path, overwrite: true);
            }

            return outcome;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new IOException($"{path}: cannot write the file ({e.Message}); the previous file is unchanged.", e);
        }
    }

    private static WriteOutcome Compare(string path, GeneratedFile content)
    {
        if (!File.Exists(path))
        {
            return WriteOutcome.Created;
        }

        try
        {
            using var current = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024);
            return content.SameAs(current) ? WriteOutcome.Unchanged : WriteOutcome.Updated;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable previous file is replaced; the write itself reports a real problem.
            return WriteOutcome.Updated;
        }
    }

    /// <summary>
    /// An exclusive lock on a file beside the system's temp files, named by the target's path: a lock file in deploy/
    /// would be committed by Publish. .NET takes FileShare.None as an flock() other processes' opens respect.
    /// </summary>
    private static FileStream Lock(string path)
    {
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..32];
        var lockFile = Path.Combine(Path.GetTempPath(), $"kaniko-k8s-images-{name}.lock");
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
            catch (IOException e)
            {
                throw new IOException($"another run has been writing it for {LockTimeout.TotalMinutes:0} minutes ({e.Message})", e);
            }
        }
    }

    /// <summary>Temp files of this target left by runs that were killed; called under the lock, so none is in use.</summary>
    private static void RemoveStaleTemps(string folder, string fileName)
    {
        foreach (var stale in Directory.EnumerateFiles(folder, $".{fileName}.*{TempSuffix}"))
        {
            TryDelete(stale);
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the next run removes it under the lock.
        }
    }
}
