using System.Text;

namespace KanikoImages.Manifests.Output;

/// <summary>
/// The text of one generated file as UTF-8 parts (a header, then each document) that are compared with the file
/// on disk and written one after the other: the manifest of 10,000 images is never one string (UTF-16 would
/// double it) nor copied whole.
/// </summary>
public sealed class GeneratedFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public GeneratedFile(IReadOnlyList<byte[]> parts)
    {
        Parts = parts;
        Length = parts.Sum(part => (long)part.Length);
    }

    public static GeneratedFile FromText(string text) => new([Utf8.GetBytes(text)]);

    public IReadOnlyList<byte[]> Parts { get; }

    /// <summary>Size in bytes.</summary>
    public long Length { get; }

    public void WriteTo(Stream stream)
    {
        foreach (var part in Parts)
        {
            stream.Write(part);
        }
    }

    /// <summary>Whether the stream holds exactly these bytes; a different length answers without reading.</summary>
    public bool SameAs(Stream stream)
    {
        if (stream.Length != Length)
        {
            return false;
        }

        var buffer = new byte[64 * 1024];
        foreach (var part in Parts)
        {
            for (var offset = 0; offset < part.Length; offset += buffer.Length)
            {
                var count = Math.Min(buffer.Length, part.Length - offset);
                stream.ReadExactly(buffer, 0, count);
                if (!buffer.AsSpan(0, count).SequenceEqual(part.AsSpan(offset, count)))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
