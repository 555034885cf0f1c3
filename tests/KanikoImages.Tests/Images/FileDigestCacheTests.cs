using System.Diagnostics;
using System.Security.Cryptography;
using KanikoImages.Build.Tools.Git;
using KanikoImages.Images;
using KanikoImages.Images.Caching;
using KanikoImages.Images.Hashing;
using KanikoImages.Manifests.Output;
using KanikoImages.Tests.Publishing;

namespace KanikoImages.Tests.Images;

/// <summary>
/// The per-file digest cache under .tools/cache/: a warm run reads no unchanged file and gives the same hash; any
/// change, even one that keeps the size and the modification time, is read again; a cache this user's key did not
/// seal is never used.
/// </summary>
public sealed class FileDigestCacheTests : IDisposable
{
    // The run "starts" well after the files were written, so none of them is racy (see Racy_files_are_not_recorded).
    private static readonly DateTime Later = DateTime.UtcNow.AddHours(1);

    private readonly ImageRepo _repo = new();
    private readonly CacheSeal _seal = new(RandomNumberGenerator.GetBytes(32));

    public FileDigestCacheTests()
    {
        GitRemote.Git(_repo.Path, "init", "--quiet", "--initial-branch=main");
        _repo.Write("images/app/Dockerfile", "FROM alpine\nCOPY . /app\n");
        _repo.Write("images/app/run.sh", "echo hi\n");
        _repo.Write("images/app/src/data.txt", "one\n");
        _repo.Write("images/app/notes.txt", "CRLF in the checkout\r\n");
        GitRemote.Git(_repo.Path, "add", "--all");
        GitRemote.Git(_repo.Path, "commit", "--quiet", "-m", "images");
    }

    public void Dispose() => _repo.Dispose();

    private string Folder => Path.Combine(_repo.Path, CacheFolder.RelativePath);

    [Fact]
    public void A_warm_run_reads_no_unchanged_file_and_gives_the_same_hash()
    {
        var uncached = Load(null).Images.Single();

        var cold = Cache(_seal);
        var first = Load(cold).Images.Single();
        Save(cold);
        var warm = Cache(_seal);
        var second = Load(warm).Images.Single();

        Assert.Equal(uncached.Hash, first.Hash);
        Assert.Equal(uncached.Hash, second.Hash);
        Assert.Equal(uncached.Files, second.Files);
        Assert.Equal((0, 4), (cold.Hits, cold.Missed));
        Assert.Equal((4, 0), (warm.Hits, warm.Missed));
        Assert.Null(warm.Changed(_seal));
    }

    [Fact]
    public void An_edit_that_keeps_size_and_modification_time_is_read_again()
    {
        Warm();
        var path = _repo.Full("images/app/run.sh");
        var modified = File.GetLastWriteTimeUtc(path).ToString("yyyy-MM-dd HH:mm:ss.fffffff 'UTC'");
        File.WriteAllText(path, "echo ho\n");
        // touch -d puts the old modification time back; the change time (and, for an editor's new file, the inode)
        // cannot be put back, so the cache still sees the difference.
        Run("touch", "-d", modified, path);
        Assert.Equal(modified, File.GetLastWriteTimeUtc(path).ToString("yyyy-MM-dd HH:mm:ss.fffffff 'UTC'"));

        var warm = Cache(_seal);
        var image = Load(warm).Images.Single();

        Assert.Equal(1, warm.Missed);
        Assert.Equal(Load(null).Images.Single().Hash, image.Hash);
    }

    [Fact]
    public void A_staged_change_of_the_blob_is_read_again()
    {
        Warm();
        // Same bytes in the checkout, another blob in git's index: the committed-blob check must run again.
        var path = _repo.Full("images/app/notes.txt");
        File.WriteAllText(path, "CRLF in the checkout\n");
        GitRemote.Git(_repo.Path, "add", "--all");
        File.WriteAllText(path, "CRLF in the checkout\r\n");

        var warm = Cache(_seal);
        var image = Load(warm).Images.Single();

        Assert.True(warm.Missed >= 1);
        Assert.Equal(Load(null).Images.Single().Hash, image.Hash);
    }

    [Fact]
    public void A_file_replaced_by_a_symlink_or_a_FIFO_is_never_answered_from_the_cache()
    {
        Warm();
        File.Delete(_repo.Full("images/app/run.sh"));
        File.CreateSymbolicLink(_repo.Full("images/app/run.sh"), "src/data.txt");
        File.Delete(_repo.Full("images/app/src/data.txt"));
        Run("mkfifo", _repo.Full("images/app/src/data.txt"));

        var error = Assert.Throws<CatalogException>(() => Load(Cache(_seal))).Message;

        Assert.Contains("images/app/src/data.txt: is a FIFO, socket or device", error);
    }

    [Fact]
    public void A_cache_another_key_sealed_is_ignored_like_a_committed_one()
    {
        // A hostile repository can ship .tools/cache/file-digests (committed, or in an archive); without this user's
        // key it cannot make one that is read.
        Warm(new CacheSeal(RandomNumberGenerator.GetBytes(32)));
        var foreign = Cache(_seal);
        Load(foreign);
        Assert.Equal(0, foreign.Hits);

        Warm();
        var bytes = File.ReadAllBytes(Path.Combine(Folder, FileDigestCache.FileName));
        bytes[^1] ^= 1; // the last byte of the last digest
        File.WriteAllBytes(Path.Combine(Folder, FileDigestCache.FileName), bytes);
        var tampered = Cache(_seal);
        Load(tampered);
        Assert.Equal(0, tampered.Hits);
    }

    [Fact]
    public void Racy_files_are_not_recorded()
    {
        // A run that starts right after the files were written could miss a second edit in the same clock tick.
        var cache = FileDigestCache.Load(Folder, _seal, DateTime.UtcNow);
        Load(cache);

        Assert.Equal(4, cache.Missed);
        Assert.Null(cache.Changed(_seal));
    }

    [Fact]
    public void A_cache_folder_that_is_a_symlink_is_not_used()
    {
        using var elsewhere = new Support.TempDirectory();
        Directory.CreateSymbolicLink(Path.Combine(_repo.Path, ".tools"), elsewhere.Path);

        Assert.Null(CacheFolder.Of(_repo.Path, create: true));
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere.Path));
    }

    private void Warm(CacheSeal? seal = null)
    {
        var cache = Cache(seal ?? _seal);
        Load(cache);
        Save(cache, seal ?? _seal);
    }

    private FileDigestCache Cache(CacheSeal seal) => FileDigestCache.Load(Folder, seal, Later);

    private void Save(FileDigestCache cache, CacheSeal? seal = null) =>
        AtomicFile.Write(Path.Combine(CacheFolder.Of(_repo.Path, create: true)!, FileDigestCache.FileName), cache.Changed(seal ?? _seal)!);

    private ImageCatalog Load(FileDigestCache? cache) =>
        CatalogLoader.Load(
            _repo.Path,
            new Dictionary<string, string>(),
            new Dictionary<string, string>(),
            FileSystemExecutableBits.Instance,
            new GitIndexReader(GitRemote.CakeGit(), _repo.Path),
            digests: cache);

    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true })!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
    }
}

/// <summary>The seal every cache file carries: only this key's MAC over this kind, version and body opens it.</summary>
public sealed class CacheSealTests
{
    private readonly CacheSeal _seal = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Only_the_same_key_kind_version_and_body_open_a_sealed_file()
    {
        var file = _seal.Seal("kind", "v1", "body"u8);

        Assert.Equal("body"u8.ToArray(), _seal.Open("kind", "v1", file)!.Value.ToArray());
        Assert.Null(new CacheSeal(RandomNumberGenerator.GetBytes(32)).Open("kind", "v1", file));
        Assert.Null(_seal.Open("other", "v1", file));
        Assert.Null(_seal.Open("kind", "v2", file));
        file[^1] ^= 1;
        Assert.Null(_seal.Open("kind", "v1", file));
        Assert.Null(_seal.Open("kind", "v1", new byte[CacheSeal.MacLength - 1]));
    }
}
