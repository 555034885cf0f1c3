using KanikoImages.Build.Tools.Git;
using KanikoImages.Images.Hashing;
using KanikoImages.Tests.Publishing;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Images;

/// <summary>The hash's view of git's index: the index file read where it lies, or `git ls-files --stage -z` read through the Cake git tool and parsed.</summary>
public sealed class GitIndexEntryTests : IDisposable
{
    private readonly ImageRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void A_real_index_gives_every_tracked_path_with_its_mode_and_blob_id()
    {
        _repo.Write("images/app/Dockerfile", "FROM alpine\n");
        _repo.Write("images/app/run me.sh", "echo hi\n");
        _repo.Write("images/app/tab\there.txt", "x");
        _repo.Write("images/app/untracked.txt", "x");
        File.CreateSymbolicLink(_repo.Full("images/app/link"), "Dockerfile");
        GitRemote.Git(_repo.Path, "init", "-q");
        GitRemote.Git(_repo.Path, "add", "images/app/Dockerfile", "images/app/run me.sh", "images/app/tab\there.txt", "images/app/link");
        GitRemote.Git(_repo.Path, "update-index", "--chmod=+x", "images/app/run me.sh");

        var index = new GitIndexReader(GitRemote.CakeGit(), _repo.Path).Read()!;

        Assert.Equal(["images/app/Dockerfile", "images/app/link", "images/app/run me.sh", "images/app/tab\there.txt"], index.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new GitIndexEntry("100755", Convert.FromHexString(GitRemote.Git(_repo.Path, "hash-object", "images/app/run me.sh").Trim())), index["images/app/run me.sh"]);
        Assert.True(index["images/app/run me.sh"].Executable);
        Assert.Equal("120000", index["images/app/link"].Mode);
        Assert.Equal("100644", index["images/app/Dockerfile"].Mode);
    }

    [Fact]
    public void The_first_stage_of_a_conflicted_path_stands_for_it_and_malformed_entries_are_skipped()
    {
        var output = string.Join('\0',
            "100644 1111111111111111111111111111111111111111 1\tboth.txt",
            "100755 2222222222222222222222222222222222222222 2\tboth.txt",
            "\n100644 3333333333333333333333333333333333333333 0\tafter a line break.txt",
            "100644 4444444444444444444444444444444444444444\tmissing stage.txt",
            "100644  5555555555555555555555555555555555555555 0\ttwo spaces.txt",
            "no tab at all",
            "",
            "100644 6666666666666666666666666666666666666666 0\tpath with spaces and a\ttab") + "\0";

        var entries = GitIndex.Parse(output);

        Assert.Equal(["after a line break.txt", "both.txt", "path with spaces and a\ttab"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new GitIndexEntry("100644", Convert.FromHexString(new string('1', 40))), entries["both.txt"]);
        Assert.Equal(new string('6', 40), Convert.ToHexStringLower(entries["path with spaces and a\ttab"].ObjectId));
    }

    /// <summary>What git itself lists, parsed as the fallback parses it: the reference for the index file reader.</summary>
    private GitIndex Listed() => GitIndex.Parse(GitRemote.Git(_repo.Path, "ls-files", "--stage", "-z"));

    private int IndexVersion() => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(File.ReadAllBytes(_repo.Full(".git/index")).AsSpan(4));

    private void Tracked()
    {
        _repo.Write("images/app/Dockerfile", "FROM alpine\n");
        _repo.Write("images/app/run me.sh", "echo hi\n");
        _repo.Write("images/app/tab\there.txt", "x");
        _repo.Write("images/app/ünïcode.txt", "x");
        _repo.Write("images/app/" + string.Join('/', Enumerable.Repeat("deep-folder-name", 12)) + "/file.txt", "deep");
        for (var i = 0; i < 40; i++)
        {
            _repo.Write($"images/app/src/file{i:D2}.txt", $"file {i}");
        }

        File.CreateSymbolicLink(_repo.Full("images/app/link"), "Dockerfile");
        GitRemote.Git(_repo.Path, "init", "-q", "--initial-branch=main");
        GitRemote.Git(_repo.Path, "add", "-A");
        GitRemote.Git(_repo.Path, "update-index", "--chmod=+x", "images/app/run me.sh");
    }

    /// <summary>git writes version 3 only when an entry has extended flags: the next test has them.</summary>
    [Theory]
    [InlineData("2")]
    [InlineData("4")]
    public void The_index_file_gives_exactly_what_git_ls_files_lists_in_versions_2_and_4(string version)
    {
        Tracked();
        GitRemote.Git(_repo.Path, "update-index", "--index-version", version);
        Assert.Equal(int.Parse(version), IndexVersion());

        var read = GitIndexFile.Read(_repo.Path);

        Assert.NotNull(read);
        Assert.Equal(47, read.Count);
        Assert.Equal(Listed().OrderBy(e => e.Key, StringComparer.Ordinal), read.OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.All(read.Keys, path => Assert.True(read.ContainsKey(path), path));
        Assert.All(read.Keys, path => Assert.False(read.ContainsKey(path + "x") || read.ContainsKey(path[..^1]), path));
    }

    [Fact]
    public void Paths_listed_out_of_order_are_found_and_a_path_listed_again_keeps_its_first_entry()
    {
        var output = string.Join('\0',
            "100644 3333333333333333333333333333333333333333 0\tb/z.txt",
            "100644 1111111111111111111111111111111111111111 0\ta.txt",
            "100755 2222222222222222222222222222222222222222 0\tb/a.txt",
            "100644 4444444444444444444444444444444444444444 0\ta.txt") + "\0";

        var index = GitIndex.Parse(output);

        Assert.Equal(["a.txt", "b/a.txt", "b/z.txt"], index.Keys);
        Assert.Equal(new GitIndexEntry("100644", Convert.FromHexString(new string('1', 40))), index["a.txt"]);
        Assert.True(index["b/a.txt"].Executable);
        Assert.False(index.ContainsKey("b"));
        Assert.False(index.ContainsKey("a"));
        Assert.Throws<KeyNotFoundException>(() => index["c.txt"]);
    }

    [Fact]
    public void A_path_whose_bytes_are_not_UTF8_is_found_by_its_text_with_the_replacement_character()
    {
        var builder = new GitIndex.Builder();
        builder.Add([.. "images/a"u8, 0xFF, .. "b.txt"u8], "100644", new byte[20]);

        var index = builder.Build();

        Assert.Equal(["images/a\uFFFDb.txt"], index.Keys);
        Assert.True(index.ContainsKey("images/a\uFFFDb.txt"));
    }

    [Theory]
    [InlineData("3")]
    [InlineData("4")]
    public void Entries_with_extended_flags_and_conflict_stages_read_as_git_lists_them(string version)
    {
        Tracked();
        GitRemote.Git(_repo.Path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "base");
        GitRemote.Git(_repo.Path, "checkout", "-qb", "other");
        _repo.Write("images/app/src/file01.txt", "other side");
        GitRemote.Git(_repo.Path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "other");
        GitRemote.Git(_repo.Path, "checkout", "-q", "main");
        _repo.Write("images/app/src/file01.txt", "main side");
        GitRemote.Git(_repo.Path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "main");
        Assert.NotEqual(0, GitRemote.TryGit(_repo.Path, "merge", "-q", "other").ExitCode);
        _repo.Write("images/app/new.txt", "intent to add");
        GitRemote.Git(_repo.Path, "add", "-N", "images/app/new.txt");
        GitRemote.Git(_repo.Path, "update-index", "--skip-worktree", "images/app/src/file02.txt");
        GitRemote.Git(_repo.Path, "update-index", "--index-version", version);
        Assert.Equal(int.Parse(version), IndexVersion());

        var read = GitIndexFile.Read(_repo.Path);

        Assert.NotNull(read);
        Assert.Contains("images/app/new.txt", read.Keys);
        Assert.Equal(Listed().OrderBy(e => e.Key, StringComparer.Ordinal), read.OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void A_split_index_a_worktree_or_damaged_bytes_are_left_to_git_and_the_reader_still_lists_every_file()
    {
        Tracked();
        GitRemote.Git(_repo.Path, "update-index", "--split-index");
        Assert.Null(GitIndexFile.Read(_repo.Path));
        Assert.Equal(Listed().OrderBy(e => e.Key, StringComparer.Ordinal),
            new GitIndexReader(GitRemote.CakeGit(), _repo.Path).Read()!.OrderBy(e => e.Key, StringComparer.Ordinal));

        GitRemote.Git(_repo.Path, "update-index", "--no-split-index");
        var bytes = File.ReadAllBytes(_repo.Full(".git/index"));
        Assert.NotNull(GitIndexFile.Parse(bytes));
        Assert.Null(GitIndexFile.Parse(bytes.AsSpan(0, bytes.Length / 2)));
        var damaged = bytes.ToArray();
        damaged[12 + 61] ^= 0x01; // the first entry's name length no longer matches its name
        Assert.Null(GitIndexFile.Parse(damaged));

        GitRemote.Git(_repo.Path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "base");
        var worktree = _repo.Full("worktree");
        GitRemote.Git(_repo.Path, "worktree", "add", "-q", worktree);
        Assert.Null(GitIndexFile.Read(worktree));
        Assert.Equal(47, new GitIndexReader(GitRemote.CakeGit(), worktree).Read()!.Count);
    }
}
