namespace KanikoImages.Images.Hashing;

/// <summary>
/// git's index as the hash needs it: which files are tracked, with their mode and object id. build/ implements
/// it by reading .git/index, or with one `git ls-files --stage -z` where that file's case is not plain.
/// </summary>
public interface IGitIndex
{
    /// <summary>The tracked files, by path relative to the repository root with '/'; null outside a git work tree.</summary>
    IReadOnlyDictionary<string, GitIndexEntry>? Read();
}

/// <param name="Mode">git's mode: 100644, 100755 (executable) or 120000 (symlink).</param>
/// <param name="ObjectId">The blob's id, raw: 20 bytes (SHA-1) or 32 (SHA-256 in a sha256 repository). Raw, not hex text:
/// the hash compares it with the id it computes, and every tracked file holds one while the catalog loads.</param>
public sealed record GitIndexEntry(string Mode, byte[] ObjectId)
{
    public bool Executable => Mode == "100755";

    /// <summary>The hash read the work tree's file and found exactly this entry's content and mode.</summary>
    public bool MatchesWorkTree { get; private set; }

    /// <summary>Called by the hash only (from any thread; nothing ever clears it).</summary>
    internal void ConfirmWorkTree() => MatchesWorkTree = true;

    /// <summary>The same mode and the same id's bytes.</summary>
    public bool Equals(GitIndexEntry? other) => other is not null && Mode == other.Mode && ObjectId.AsSpan().SequenceEqual(other.ObjectId);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Mode);
        hash.AddBytes(ObjectId);
        return hash.ToHashCode();
    }

    /// <summary>An id written as hex (git's output), raw; null when it is not hex of a SHA-1 or SHA-256 length.</summary>
    private static byte[]? ObjectIdFromHex(ReadOnlySpan<char> hex)
    {
        if (hex.Length is not (40 or 64))
        {
            return null;
        }

        var id = new byte[hex.Length / 2];
        return Convert.FromHexString(hex, id, out _, out _) == System.Buffers.OperationStatus.Done ? id : null;
    }

    /// <summary>Reads `git ls-files --stage -z` output: "&lt;mode&gt; &lt;object&gt; &lt;stage&gt;\t&lt;path&gt;" entries separated by NUL.</summary>
    public static Dictionary<string, GitIndexEntry> Parse(string output)
    {
        // Read where it lies: one string per path and object id, not five per entry (221,000 entries at 10,000 images).
        var entries = new Dictionary<string, GitIndexEntry>(StringComparer.Ordinal);
        foreach (var range in output.AsSpan().Split('\0'))
        {
            var entry = output.AsSpan(range).TrimStart("\n\r");
            var tab = entry.IndexOf('\t');
            var fields = tab < 0 ? [] : entry[..tab];
            var first = fields.IndexOf(' ');
            var second = first < 0 ? -1 : fields[(first + 1)..].IndexOf(' ') + first + 1;
            if (first < 0 || second <= first || fields[(second + 1)..].Contains(' ') || ObjectIdFromHex(fields[(first + 1)..second]) is not { } objectId)
            {
                continue;
            }

            // A conflicted path has several stages; the first one listed stands for it.
            entries.TryAdd(entry[(tab + 1)..].ToString(), new GitIndexEntry(ModeText(fields[..first]), objectId));
        }

        return entries;
    }

    /// <summary>git's modes as shared strings: three of them cover every file.</summary>
    private static string ModeText(ReadOnlySpan<char> mode) => mode switch
    {
        "100644" => "100644",
        "100755" => "100755",
        "120000" => "120000",
        _ => mode.ToString(),
    };
}

/// <summary>git's object ids for blobs: the hash of "blob &lt;length&gt;\0" and the bytes.</summary>
internal static class GitBlob
{
    /// <summary>SHA-1 for a 20-byte id, SHA-256 for a 32-byte one (a sha256 repository), else null.</summary>
    public static System.Security.Cryptography.HashAlgorithmName? Algorithm(byte[] objectId) => objectId.Length switch
    {
        20 => System.Security.Cryptography.HashAlgorithmName.SHA1,
        32 => System.Security.Cryptography.HashAlgorithmName.SHA256,
        _ => null,
    };

    /// <summary>What git hashes before a blob's bytes.</summary>
    public static byte[] Header(long length) => System.Text.Encoding.ASCII.GetBytes($"blob {length}\0");

    /// <summary>Whether <paramref name="content"/> is exactly the blob <paramref name="objectId"/> names.</summary>
    public static bool Is(ReadOnlySpan<byte> content, byte[] objectId)
    {
        if (Algorithm(objectId) is not { } algorithm)
        {
            return false;
        }

        using var blob = System.Security.Cryptography.IncrementalHash.CreateHash(algorithm);
        blob.AppendData(Header(content.Length));
        blob.AppendData(content);
        return blob.GetHashAndReset().AsSpan().SequenceEqual(objectId);
    }
}
