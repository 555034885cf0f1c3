using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using KanikoImages.Manifests.Output;

namespace KanikoImages.Validation.Kubeconform;

/// <summary>
/// Fetches a release archive, refuses it unless its sha256 is the pinned one, and only then extracts the one
/// executable it is for. Nothing is written to the destination before the checksum matched.
/// </summary>
public static class VerifiedDownload
{
    /// <summary>Downloads <paramref name="url"/>, checks it, extracts <paramref name="entry"/> to <paramref name="destination"/>.</summary>
    /// <exception cref="ValidationInputException">The download failed, the checksum differs, or the entry is missing.</exception>
    public static void Install(HttpClient http, string url, string sha256, string entry, string destination)
    {
        byte[] archive;
        try
        {
            archive = http.GetByteArrayAsync(url).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new ValidationInputException($"could not download {url}: {e.Message}");
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(archive));
        if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ValidationInputException(
                $"refusing {url}: its sha256 is {actual}, but the pinned release has {sha256.ToLowerInvariant()}. Nothing was installed.");
        }

        var bytes = Extract(archive, url, entry)
            ?? throw new ValidationInputException($"{url} has no {entry} in it. Nothing was installed.");
        AtomicFile.Write(destination, bytes, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    private static byte[]? Extract(byte[] archive, string url, string entry)
    {
        using var stream = new MemoryStream(archive);
        if (url.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            return zip.GetEntry(entry) is { } found ? Read(found.Open()) : null;
        }

        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } item)
        {
            if (item.Name.TrimStart('.', '/') == entry && item.DataStream is { } data)
            {
                return Read(data);
            }
        }

        return null;
    }

    private static byte[] Read(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
