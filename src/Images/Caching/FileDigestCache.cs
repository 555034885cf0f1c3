using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using KanikoImages.Images.Hashing;

namespace KanikoImages.Images.Caching;

/// <summary>
/// git's index, for the content hash: per context file what lstat said of it (size, modification and change time
/// in nanoseconds, device, inode, mode) and git's blob id for it, mapped to what hashing it gave (the sha256 the
/// hash folds in, the length, whether it was the committed blob). A file whose lstat and blob id are exactly the
/// ones recorded is not read again; any difference, a file not listed, a link, a FIFO, an untracked or ignored
/// file (never listed) is hashed from its bytes as without the cache.
/// Racy files: like git, a file changed in the same clock tick as the run that read it could change again without
/// a visible difference, so only files whose modification and change times are older than the run's start by
/// <see cref="RacyMargin"/> are recorded; a file edited just before (or while) a run is read again next time.
/// </summary>
public sealed class FileDigestCache
{
    /// <summary>The cache file under <see cref="CacheFolder"/>.</summary>
    public const string FileName = "file-digests";

    /// <summary>Wider than the coarsest file-system clock tick in use (FAT's 2 s).</summary>
    public static readonly TimeSpan RacyMargin = TimeSpan.FromSeconds(3);

    // 221,000 files (10,000 images) take about 30 MB; anything much larger was not written by this code.
    private const long Limit = 256L * 1024 * 1024;

    private const int DigestLength = 32;

    // A record: path length (int32), path (UTF-8), size, modified ns, changed ns, device, inode (int64 each), mode
    // (int32), blob id length (byte), blob id (raw bytes), committed (byte), length (int64), digest (32 bytes).
    // Records are sorted by their path's UTF-8 bytes; the file is searched where it lies, with no object per file.
    private readonly byte[] _records;
    private readonly int[] _offsets;
    private readonly bool[] _seen;
    private readonly ConcurrentQueue<byte[]> _added = new();
    private readonly long _recordBeforeNs;
    private readonly Utf8Paths.At _pathAt;
    private int _missed;
    private int _hits;

    private FileDigestCache(byte[] records, int[] offsets, DateTime runStart)
    {
        _records = records;
        _offsets = offsets;
        _seen = new bool[offsets.Length];
        _recordBeforeNs = (runStart - RacyMargin - DateTime.UnixEpoch).Ticks * 100;
        _pathAt = RecordPath;
    }

    /// <summary>Files read from their bytes in this run (cache misses): the tests' proof that a warm run opens no file.</summary>
    public int Missed => _missed;

    /// <summary>Files answered from the cache in this run.</summary>
    public int Hits => _hits;

    /// <summary>The version of the code whose digests a cache file holds: the hashing assembly's build.</summary>
    private static string Version => CacheSeal.Builds(typeof(FileDigestCache)) + "\0" + ContentHasher.FormatVersion;

    /// <summary>An empty cache (no file yet, or none usable).</summary>
    public static FileDigestCache Empty(DateTime runStart) => new([], [], runStart);

    // The records are read where the file was read into (after its MAC): no copy of some 30 MB at 10,000 images.

    /// <summary>The cache in <paramref name="folder"/> when this user's key sealed it for this code; else an empty one.</summary>
    public static FileDigestCache Load(string folder, CacheSeal seal, DateTime runStart)
    {
        var file = CacheFolder.Read(folder, FileName, Limit);
        var body = file is null ? null : seal.Open(FileName, Version, file);
        if (body is null)
        {
            return Empty(runStart);
        }

        return Offsets(file!, CacheSeal.MacLength) is { } offsets ? new FileDigestCache(file!, offsets, runStart) : Empty(runStart);
    }

    /// <summary>The sealed file to write when this run has digests to add or entries to drop (files gone or changed); else null.</summary>
    public byte[]? Changed(CacheSeal seal)
    {
        if (_added.IsEmpty && _hits == _offsets.Length)
        {
            return null;
        }

        // The records found (already in path order) merged with the ones added, written once into the file's buffer.
        // A file hashed by two images (a shared context) can be found or added twice in one run: one record per path,
        // an added one first.
        var added = _added.ToArray();
        Array.Sort(added, PathOrder.Instance);
        var kept = Enumerable.Range(0, _offsets.Length).Where(i => _seen[i]).ToArray();
        var parts = new List<(int Kept, int Added)>(kept.Length + added.Length);
        ReadOnlySpan<byte> last = [];
        for (int k = 0, a = 0; k < kept.Length || a < added.Length;)
        {
            var takeAdded = k == kept.Length || (a < added.Length && PathOf(added[a]).SequenceCompareTo(PathOf(_records.AsSpan(_offsets[kept[k]]))) <= 0);
            var path = takeAdded ? PathOf(added[a]) : PathOf(_records.AsSpan(_offsets[kept[k]]));
            if (parts.Count == 0 || !path.SequenceEqual(last))
            {
                parts.Add(takeAdded ? (-1, a) : (kept[k], -1));
            }

            last = path;
            _ = takeAdded ? a++ : k++;
        }

        var file = new byte[CacheSeal.MacLength + parts.Sum(p => p.Kept >= 0 ? RecordLength(p.Kept) : added[p.Added].Length)];
        var at = CacheSeal.MacLength;
        foreach (var (k, a) in parts)
        {
            var record = k >= 0 ? _records.AsSpan(_offsets[k], RecordLength(k)) : added[a];
            record.CopyTo(file.AsSpan(at));
            at += record.Length;
        }

        seal.SealInPlace(FileName, Version, file);
        return file;
    }

    /// <summary>What hashing the file gave before, when its lstat and blob id are exactly those recorded.</summary>
    /// <param name="digest">The sha256 the hash folds in, a slice of the cache (nothing is copied).</param>
    internal bool TryFind(string repositoryPath, FileStat stat, GitIndexEntry? indexEntry, out long length, out bool committed, out ReadOnlyMemory<byte> digest)
    {
        (length, committed, digest) = (0, false, default);
        if (stat.Kind != FileKind.Regular || !stat.HasFingerprint || _offsets.Length == 0)
        {
            return false;
        }

        var index = Utf8Paths.Find(repositoryPath, _offsets.Length, _pathAt);
        if (index < 0)
        {
            return false;
        }

        var record = _records.AsSpan(_offsets[index]);
        var at = sizeof(int) + PathOf(record).Length;
        var recorded = Stat(record[at..]);
        at += 5 * sizeof(long) + sizeof(int);
        var objectId = record.Slice(at + 1, record[at]);
        at += 1 + objectId.Length;
        if (recorded != stat with { Kind = FileKind.Regular } || !SameObject(objectId, indexEntry?.ObjectId))
        {
            return false;
        }

        committed = record[at] != 0;
        length = BinaryPrimitives.ReadInt64LittleEndian(record[(at + 1)..]);
        digest = _records.AsMemory(_offsets[index] + at + 1 + sizeof(long), DigestLength);
        _seen[index] = true;
        Interlocked.Increment(ref _hits);
        return true;
    }

    /// <summary>Records what hashing a file from its bytes gave; a racy or unfingerprinted file is only counted.</summary>
    internal void Add(string repositoryPath, FileStat stat, GitIndexEntry? indexEntry, bool committed, long length, ReadOnlySpan<byte> digest)
    {
        Interlocked.Increment(ref _missed);
        if (stat.Kind != FileKind.Regular || !stat.HasFingerprint || stat.ModifiedNs >= _recordBeforeNs || stat.ChangedNs >= _recordBeforeNs)
        {
            return;
        }

        var path = Encoding.UTF8.GetBytes(repositoryPath);
        var objectId = indexEntry?.ObjectId ?? [];
        var record = new byte[sizeof(int) + path.Length + 5 * sizeof(long) + sizeof(int) + 1 + objectId.Length + 1 + sizeof(long) + DigestLength];
        var span = record.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(span, path.Length);
        path.CopyTo(span[sizeof(int)..]);
        span = span[(sizeof(int) + path.Length)..];
        foreach (var value in new[] { stat.Size, stat.ModifiedNs, stat.ChangedNs, stat.Device, stat.Inode })
        {
            BinaryPrimitives.WriteInt64LittleEndian(span, value);
            span = span[sizeof(long)..];
        }

        BinaryPrimitives.WriteInt32LittleEndian(span, stat.Mode);
        span[sizeof(int)] = (byte)objectId.Length;
        objectId.CopyTo(span[(sizeof(int) + 1)..]);
        span = span[(sizeof(int) + 1 + objectId.Length)..];
        span[0] = committed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], length);
        digest.CopyTo(span[(1 + sizeof(long))..]);
        _added.Enqueue(record);
    }

    private static FileStat Stat(ReadOnlySpan<byte> at) => new(
        FileKind.Regular,
        BinaryPrimitives.ReadInt64LittleEndian(at),
        BinaryPrimitives.ReadInt64LittleEndian(at[8..]),
        BinaryPrimitives.ReadInt64LittleEndian(at[16..]),
        BinaryPrimitives.ReadInt64LittleEndian(at[24..]),
        BinaryPrimitives.ReadInt64LittleEndian(at[32..]),
        BinaryPrimitives.ReadInt32LittleEndian(at[40..]));

    private static bool SameObject(ReadOnlySpan<byte> recorded, byte[]? objectId) =>
        objectId is null ? recorded.Length == 0 : recorded.SequenceEqual(objectId);

    /// <summary>The path of the record at <paramref name="index"/>; the records are in <see cref="Utf8Paths"/>' order.</summary>
    private ReadOnlySpan<byte> RecordPath(int index) => PathOf(_records.AsSpan(_offsets[index]));

    private static ReadOnlySpan<byte> PathOf(ReadOnlySpan<byte> record) => record.Slice(sizeof(int), BinaryPrimitives.ReadInt32LittleEndian(record));

    private int RecordLength(int index) => (index + 1 < _offsets.Length ? _offsets[index + 1] : _records.Length) - _offsets[index];

    /// <summary>Where each record starts; null when the body (from <paramref name="at"/> on) is not a sequence of records in path order.</summary>
    private static int[]? Offsets(byte[] records, int at)
    {
        var offsets = new List<int>();
        ReadOnlySpan<byte> previous = [];
        while (at < records.Length)
        {
            var rest = records.AsSpan(at);
            if (rest.Length < sizeof(int) || BinaryPrimitives.ReadInt32LittleEndian(rest) is var pathLength && (pathLength < 0 || pathLength > rest.Length))
            {
                return null;
            }

            var fixedAt = sizeof(int) + pathLength + 5 * sizeof(long) + sizeof(int);
            if (rest.Length <= fixedAt || rest[fixedAt] > DigestLength)
            {
                return null;
            }

            var length = fixedAt + 1 + rest[fixedAt] + 1 + sizeof(long) + DigestLength;
            var path = rest.Slice(sizeof(int), pathLength);
            if (rest.Length < length || (offsets.Count > 0 && previous.SequenceCompareTo(path) >= 0))
            {
                return null;
            }

            offsets.Add(at);
            previous = path;
            at += length;
        }

        return offsets.ToArray();
    }

    /// <summary>Orders records by their path's UTF-8 bytes, the order <see cref="Utf8Paths.Find"/> searches.</summary>
    private sealed class PathOrder : IComparer<byte[]>
    {
        public static readonly PathOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => PathOf(x).SequenceCompareTo(PathOf(y));
    }
}
