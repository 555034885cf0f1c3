namespace KanikoImages.Validation;

/// <summary>Writes a file aside and moves it into place, so a cut run never leaves half a file behind.</summary>
internal static class AtomicFile
{
    public static void Write(string path, byte[] content, UnixFileMode? mode = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + "." + Guid.NewGuid().ToString("N") + ".partial";
        File.WriteAllBytes(partial, content);
        if (mode is { } unixMode && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(partial, unixMode);
        }

        File.Move(partial, path, overwrite: true);
    }
}
