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
/// Writes generated files so that readers never see half a file: the text goes to a temp file in the same folder,
/// which then replaces the target in one rename. On any error the previous file stays as it was. An unchanged
/// file is not touched at all (its mtime stays, Git and Argo CD see nothing).
/// </summary>
public static class ManifestWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static WriteOutcome Write(string path, string content, bool dryRun)
    {
        var bytes = Utf8.GetBytes(content);
        var exists = File.Exists(path);
        if (exists && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
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
                stream.Write(bytes);
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
