using KanikoImages.Build.Tools.Git;
using KanikoImages.Images.Hashing;
using KanikoImages.Tests.Publishing;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Images;

/// <summary>The hash's view of git's index: `git ls-files --stage -z` read through the Cake git tool and parsed.</summary>
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
        Assert.Equal(new GitIndexEntry("100755", GitRemote.Git(_repo.Path, "hash-object", "images/app/run me.sh").Trim()), index["images/app/run me.sh"]);
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

        var entries = GitIndexEntry.Parse(output);

        Assert.Equal(["after a line break.txt", "both.txt", "path with spaces and a\ttab"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new GitIndexEntry("100644", new string('1', 40)), entries["both.txt"]);
        Assert.Equal(new string('6', 40), entries["path with spaces and a\ttab"].ObjectId);
    }
}
