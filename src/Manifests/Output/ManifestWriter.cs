namespace KanikoImages.Manifests.Output;

/// <summary>What writing one file did (or, in a dry run, would do).</summary>
public enum WriteOutcome
{
    Unchanged,
    Created,
    Updated,
}

/// <summary>
/// Writes generated files so that readers never see half a file: the text goes to a temp file in the same folder,
/// which then replaces the target in one rename. On any error the previous file stays as it was. An unchanged
/// file is not touched at all (its mtime stays, Git and Argo CD see nothing).
/// </summary>
public static class ManifestWriter
{
    public static WriteOutcome Write(string path, GeneratedFile content, bool dryRun)
    {
        var exists = File.Exists(path);
        if (exists && Unchanged(path, content))
        {
            return WriteOutcome.Unchanged;
        }

        var outcome = exists ? WriteOutcome.Updated : WriteOutcome.Created;
        if (dryRun)
        {
            return outcome;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(folder, "." + Path.GetFileName(path) + ".tmp");
        try
        {
            Directory.CreateDirectory(folder);
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                content.WriteTo(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
            return outcome;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new ManifestException($"{path}: cannot write the generated file ({e.Message}); the previous file is unchanged.");
        }
    }

    private static bool Unchanged(string path, GeneratedFile content)
    {
        try
        {
            using var current = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024);
            return content.SameAs(current);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable previous file is replaced; the write itself reports a real problem.
            return false;
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover temp file is overwritten by the next run.
        }
    }
}
