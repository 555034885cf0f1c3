using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
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

    // 221,000 files (10,000 images) take about 25 MB; anything much larger was not written by this code.
    private const long Limit = 256L * 1024 * 1024;

    private readonly Dictionary<string, Entry> _loaded;
    private readonly ConcurrentDictionary<string, Entry> _added = new(StringComparer.Ordinal);
    private readonly long _recordBeforeNs;
    private int _missed;
    private int _hits;

    private FileDigestCache(Dictionary<string, Entry> loaded, DateTime runStart)
    {
        _loaded = loaded;
        _recordBeforeNs = (runStart - RacyMargin - DateTime.UnixEpoch).Ticks * 100;
    }

    /// <summary>Files read from their bytes in this run (cache misses), for tests and the bench.</summary>
    public int Missed => _missed;

    /// <summary>Files answered from the cache in this run.</summary>
    public int Hits => _hits;

    /// <summary>The version of the code whose digests a cache file holds: the hashing assembly's build.</summary>
    private static string Version => typeof(FileDigestCache).Assembly.ManifestModule.ModuleVersionId.ToString("N") + "\0" + ContentHasher.FormatVersion;

    /// <summary>An empty cache (no file yet, or none usable).</summary>
    public static FileDigestCache Empty(DateTime runStart) => new(new Dictionary<string, Entry>(StringComparer.Ordinal), runStart);

    /// <summary>The cache in <paramref name="folder"/> when this user's key sealed it for this code; else an empty one.</summary>
    public static FileDigestCache Load(string folder, CacheSeal seal, DateTime runStart)
    {
        var file = CacheFolder.Read(folder, FileName, Limit);
        var body = file is null ? null : seal.Open(FileName, Version, file);
        if (body is null)
        {
            return Empty(runStart);
        }

        try
        {
            return new FileDigestCache(Decode(body.Value), runStart);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or FormatException)
        {
            return Empty(runStart);
        }
    }

    /// <summary>The sealed file to write when this run has digests to add or entries to drop (files gone or changed); else null.</summary>
    public byte[]? Changed(CacheSeal seal)
    {
        if (_added.IsEmpty && _hits == _loaded.Count)
        {
            return null;
        }

        var body = new MemoryStream();
        using (var writer = new BinaryWriter(body))
        {
            var entries = _loaded.Where(e => e.Value.Seen).Concat(_added).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
            writer.Write(entries.Count);
            foreach (var (path, entry) in entries)
            {
                writer.Write(path);
                writer.Write(entry.Stat.Size);
                writer.Write(entry.Stat.ModifiedNs);
                writer.Write(entry.Stat.ChangedNs);
                writer.Write(entry.Stat.Device);
                writer.Write(entry.Stat.Inode);
                writer.Write(entry.Stat.Mode);
                writer.Write(entry.ObjectId);
                writer.Write(entry.Committed);
                writer.Write(entry.Length);
                writer.Write(entry.Digest);
            }
        }

        return seal.Seal(FileName, Version, body.ToArray());
    }

    /// <summary>What hashing the file gave before, when its lstat and blob id are exactly those recorded.</summary>
    internal bool TryFind(string repositoryPath, FileStat stat, GitIndexEntry? indexEntry, [NotNullWhen(true)] out Entry? entry)
    {
        if (stat.Kind == FileKind.Regular
            && stat.HasFingerprint
            && _loaded.TryGetValue(repositoryPath, out var found)
            && found.Stat == stat
            && found.ObjectId == (indexEntry?.ObjectId ?? ""))
        {
            // Marked on the entry, not added to a shared set: the parallel workers never contend for a lock.
            found.Seen = true;
            Interlocked.Increment(ref _hits);
            entry = found;
            return true;
        }

        entry = null;
        return false;
    }

    /// <summary>Records what hashing a file from its bytes gave; a racy or unfingerprinted file is only counted.</summary>
    internal void Add(string repositoryPath, FileStat stat, GitIndexEntry? indexEntry, bool committed, long length, byte[] digest)
    {
        Interlocked.Increment(ref _missed);
        if (stat.Kind == FileKind.Regular && stat.HasFingerprint && stat.ModifiedNs < _recordBeforeNs && stat.ChangedNs < _recordBeforeNs)
        {
            _added[repositoryPath] = new Entry(stat, indexEntry?.ObjectId ?? "", committed, length, digest);
        }
    }

    private static Dictionary<string, Entry> Decode(ReadOnlyMemory<byte> body)
    {
        using var reader = new BinaryReader(new MemoryStream(body.ToArray(), writable: false));
        var count = reader.ReadInt32();
        var entries = new Dictionary<string, Entry>(Math.Clamp(count, 0, 1 << 22), StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var path = reader.ReadString();
            var stat = new FileStat(FileKind.Regular, reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt32());
            entries[path] = new Entry(stat, reader.ReadString(), reader.ReadBoolean(), reader.ReadInt64(), reader.ReadBytes(32));
        }

        return entries;
    }

    /// <param name="Digest">The sha256 of the content as the hash covers it.</param>
    internal sealed record Entry(FileStat Stat, string ObjectId, bool Committed, long Length, byte[] Digest)
    {
        /// <summary>Found in this run: kept when the file is written again.</summary>
        public bool Seen { get; set; }
    }
}
