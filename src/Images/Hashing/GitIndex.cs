using System.Buffers;
using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace KanikoImages.Images.Hashing;

/// <summary>
/// Where git's index comes from for the hash. build/ implements it by reading .git/index, or with one
/// `git ls-files --stage -z` where that file's case is not plain.
/// </summary>
public interface IGitIndex
{
    /// <summary>The tracked files; null outside a git work tree.</summary>
    GitIndex? Read();
}

/// <summary>
/// git's index as the hash needs it: every tracked path (relative to the repository root, with '/'), its mode and its
/// object id, by path. Held as a few arrays in path order and searched in place: a dictionary of strings and entry
/// objects kept three objects per tracked file alive for the whole hash, each traced at every collection (figures in
/// bench/README.md). A lookup makes the entry it returns; whether the hash confirmed a path
/// (<see cref="GitIndexEntry.MatchesWorkTree"/>) is kept here, per path.
/// </summary>
public sealed class GitIndex : IReadOnlyDictionary<string, GitIndexEntry>
{
    private readonly byte[] _paths;
    private readonly int[] _starts;
    private readonly byte[] _objectIds;
    private readonly int _idLength;
    private readonly int[] _modes;
    private readonly string[] _modeTexts;
    private readonly bool[] _confirmed;
    private readonly Utf8Paths.At _pathAt;

    private GitIndex(byte[] paths, int[] starts, byte[] objectIds, int idLength, int[] modes, string[] modeTexts)
    {
        (_paths, _starts, _objectIds, _idLength, _modes, _modeTexts) = (paths, starts, objectIds, idLength, modes, modeTexts);
        _confirmed = new bool[Count];
        _pathAt = PathBytes;
    }

    public int Count => _starts.Length - 1;

    public IEnumerable<string> Keys => Enumerable.Range(0, Count).Select(PathAt);

    public IEnumerable<GitIndexEntry> Values => Enumerable.Range(0, Count).Select(EntryAt);

    public GitIndexEntry this[string key] => TryGetValue(key, out var entry) ? entry : throw new KeyNotFoundException($"'{key}' is not in git's index.");

    public bool ContainsKey(string key) => Find(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out GitIndexEntry value)
    {
        var slot = Find(key);
        value = slot >= 0 ? EntryAt(slot) : null;
        return value is not null;
    }

    public IEnumerator<KeyValuePair<string, GitIndexEntry>> GetEnumerator() =>
        Enumerable.Range(0, Count).Select(slot => KeyValuePair.Create(PathAt(slot), EntryAt(slot))).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The paths the hash did not find as the index has them (<see cref="GitIndexEntry.MatchesWorkTree"/>).</summary>
    public IEnumerable<string> Unconfirmed() => Enumerable.Range(0, Count).Where(slot => !_confirmed[slot]).Select(PathAt);

    internal bool IsConfirmed(int slot) => _confirmed[slot];

    internal void Confirm(int slot) => _confirmed[slot] = true;

    private ReadOnlySpan<byte> PathBytes(int slot) => _paths.AsSpan(_starts[slot], _starts[slot + 1] - _starts[slot]);

    private string PathAt(int slot) => Encoding.UTF8.GetString(PathBytes(slot));

    private GitIndexEntry EntryAt(int slot) =>
        new(_modeTexts[_modes[slot]], _objectIds.AsSpan(slot * _idLength, _idLength).ToArray(), this, slot);

    /// <summary>The path's slot (searched in git's byte order), or -1.</summary>
    private int Find(string path) => Utf8Paths.Find(path, Count, _pathAt);

    /// <summary>
    /// Collects entries in the order git lists them (by path, then stage) into the index's arrays. A path listed again
    /// (a conflict's later stages) keeps its first entry; an id of another length than the first (which one repository
    /// cannot hold) is not taken. A path is the UTF-8 of its text as the file system listing reads it (bytes that are not
    /// UTF-8 become U+FFFD, as there); paths out of order are sorted at the end.
    /// </summary>
    public sealed class Builder
    {
        private readonly ArrayBufferWriter<byte> _paths = new(64 * 1024);
        private readonly List<int> _starts = [0];
        private readonly ArrayBufferWriter<byte> _objectIds = new(64 * 1024);
        private readonly List<int> _modes = [];
        private readonly List<string> _modeTexts = [];
        private int _idLength;
        private bool _unordered;

        /// <summary>Adds one entry; false when it is not taken (a later stage of the path before, or an id of another length).</summary>
        public bool Add(ReadOnlySpan<byte> path, string mode, ReadOnlySpan<byte> objectId)
        {
            if (!System.Text.Unicode.Utf8.IsValid(path))
            {
                path = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(path));
            }

            _idLength = _idLength == 0 ? objectId.Length : _idLength;
            var count = _starts.Count - 1;
            var previous = count == 0 ? [] : _paths.WrittenSpan[_starts[count - 1]..];
            if (objectId.Length == 0 || objectId.Length != _idLength || (count > 0 && previous.SequenceEqual(path)))
            {
                return false;
            }

            _unordered |= count > 0 && previous.SequenceCompareTo(path) > 0;
            _paths.Write(path);
            _starts.Add(_paths.WrittenCount);
            _objectIds.Write(objectId);
            var modeIndex = _modeTexts.IndexOf(mode);
            if (modeIndex < 0)
            {
                _modeTexts.Add(mode);
                modeIndex = _modeTexts.Count - 1;
            }

            _modes.Add(modeIndex);
            return true;
        }

        public GitIndex Build()
        {
            var index = new GitIndex(_paths.WrittenSpan.ToArray(), [.. _starts], _objectIds.WrittenSpan.ToArray(), _idLength, [.. _modes], [.. _modeTexts]);
            return _unordered ? index.Sorted() : index;
        }
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
    public static GitIndex Parse(string output)
    {
        var entries = new Builder();
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
            entries.Add(Encoding.UTF8.GetBytes(entry[(tab + 1)..].ToString()), fields[..first].ToString(), objectId);
        }

        return entries.Build();
    }

    /// <summary>The same entries in path order; equal paths keep their order (a stable sort), so the first one stays.</summary>
    private GitIndex Sorted()
    {
        var builder = new Builder();
        var order = Comparer<int>.Create((a, b) => PathBytes(a).SequenceCompareTo(PathBytes(b)));
        foreach (var slot in Enumerable.Range(0, Count).OrderBy(slot => slot, order))
        {
            builder.Add(PathBytes(slot), _modeTexts[_modes[slot]], _objectIds.AsSpan(slot * _idLength, _idLength));
        }

        return builder.Build();
    }
}

/// <param name="Mode">git's mode: 100644, 100755 (executable) or 120000 (symlink).</param>
/// <param name="ObjectId">The blob's id, raw: 20 bytes (SHA-1) or 32 (SHA-256 in a sha256 repository). Raw, not hex text:
/// the hash compares it with the id it computes.</param>
public sealed record GitIndexEntry(string Mode, byte[] ObjectId)
{
    private readonly GitIndex? _index;
    private readonly int _slot;
    private bool _matches;

    /// <summary>An entry looked up in <paramref name="index"/>, which keeps whether it was confirmed.</summary>
    internal GitIndexEntry(string mode, byte[] objectId, GitIndex index, int slot)
        : this(mode, objectId) => (_index, _slot) = (index, slot);

    public bool Executable => Mode == "100755";

    /// <summary>The hash read the work tree's file and found exactly this entry's content and mode.</summary>
    public bool MatchesWorkTree => _index?.IsConfirmed(_slot) ?? _matches;

    /// <summary>Called by the hash only (from any thread; nothing ever clears it).</summary>
    internal void ConfirmWorkTree()
    {
        if (_index is null)
        {
            _matches = true;
        }
        else
        {
            _index.Confirm(_slot);
        }
    }

    /// <summary>The same mode and the same id's bytes.</summary>
    public bool Equals(GitIndexEntry? other) => other is not null && Mode == other.Mode && ObjectId.AsSpan().SequenceEqual(other.ObjectId);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Mode);
        hash.AddBytes(ObjectId);
        return hash.ToHashCode();
    }
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
