using System.Text;

namespace KanikoImages.Images.Hashing;

/// <summary>
/// The one reader of context files for ConfigMap mode: the hash covers, and the ConfigMap carries, exactly the
/// bytes it returns, so "same hash" means "same bytes given to kaniko".
/// </summary>
public static class ContextContent
{
    /// <summary>Kubernetes' limit for the data of one ConfigMap (keys and values), 1 MiB.</summary>
    public const int ConfigMapLimit = 1024 * 1024;

    /// <summary>
    /// Reads a regular file. The type is checked before opening (a FIFO blocks the open, /dev/zero never ends), the
    /// open follows no symlink, and the length is bounded, so neither hangs nor exhausts memory.
    /// </summary>
    /// <exception cref="IOException">Not a regular file, larger than <paramref name="maxLength"/>, changed while read, or unreadable.</exception>
    internal static byte[] ReadRegular(string fullPath, long maxLength)
    {
        var stat = FileKinds.Stat(fullPath);
        if (stat.Kind != FileKind.Regular)
        {
            throw new IOException(stat.Kind == FileKind.SymbolicLink ? "is a symlink" : "is not a regular file (a FIFO, socket or device)");
        }

        using var stream = FileKinds.OpenRead(fullPath);
        // Windows' Stat has no size; elsewhere the lstat's is the file's unless it changes, which the last read sees.
        var length = OperatingSystem.IsWindows() ? stream.Length : stat.Size;
        if (length > maxLength)
        {
            throw new FileTooLargeException(length, maxLength);
        }

        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        if (stream.Read(stackalloc byte[1]) != 0)
        {
            throw new IOException("changed while it was read");
        }

        return bytes;
    }

    /// <summary>A file longer than the bound it was read with.</summary>
    internal sealed class FileTooLargeException(long length, long limit)
        : IOException($"is {length:N0} bytes, more than the {limit:N0} bytes allowed")
    {
        public long Length { get; } = length;

        public long Limit { get; } = limit;
    }

    /// <summary>
    /// The bytes a ConfigMap gives kaniko for a file: UTF-8 text travels in data with CRLF as LF (as git stores
    /// text, so a Windows checkout builds like a Linux one); anything else travels byte for byte in binaryData.
    /// </summary>
    public static byte[] ForConfigMap(byte[] raw)
    {
        if (raw.AsSpan().IndexOf("\r\n"u8) < 0)
        {
            return raw;
        }

        var lf = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (!(raw[i] == (byte)'\r' && i + 1 < raw.Length && raw[i + 1] == (byte)'\n'))
            {
                lf.Add(raw[i]);
            }
        }

        var converted = lf.ToArray();
        return AsText(converted) is null ? raw : converted;
    }

    /// <summary>The text of a ConfigMap data value: UTF-8 without BOM, NUL or CR; null for binaryData.</summary>
    public static string? AsText(byte[] bytes)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        return (text.Length > 0 && text[0] == '\uFEFF') || text.Contains('\0') || text.Contains('\r') ? null : text;
    }
}
