using KanikoImages.Images;

namespace KanikoImages.Tests.Images;

/// <summary>The content hash changes when, and only when, the image would build differently.</summary>
public sealed class ContentHashTests : IDisposable
{
    private readonly ImageRepo _repo = new();

    public ContentHashTests()
    {
        _repo.Write("images/app/Dockerfile", "FROM alpine:3.20\nCOPY . /app\n");
        _repo.Write("images/app/main.sh", "echo one\necho two\n");
        _repo.Write("images/app/lib/util.sh", "util\n");
        _repo.Write("images/other/Dockerfile", "FROM alpine:3.20\nCOPY . /other\n");
        _repo.Write("images/other/data.txt", "data\n");
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void One_changed_byte_in_a_context_file_changes_only_that_images_hash()
    {
        var before = _repo.Load().Images.ToDictionary(i => i.Name, i => i.Hash.Value);

        _repo.Write("images/app/lib/util.sh", "utiL\n");
        var after = _repo.Load().Images.ToDictionary(i => i.Name, i => i.Hash.Value);

        Assert.NotEqual(before["app"], after["app"]);
        Assert.Equal(before["other"], after["other"]);
    }

    [Fact]
    public void Hash_is_64_lower_case_hex_and_the_short_form_is_its_first_12()
    {
        var hash = _repo.Image("app").Hash;

        Assert.Matches("^[0-9a-f]{64}$", hash.Value);
        Assert.Equal(hash.Value[..12], hash.Short);
    }

    [Fact]
    public void Changing_the_Dockerfile_changes_the_hash()
    {
        var before = _repo.Hash("app");

        _repo.Write("images/app/Dockerfile", "FROM alpine:3.21\nCOPY . /app\n");

        Assert.NotEqual(before, _repo.Hash("app"));
    }

    [Fact]
    public void A_file_excluded_by_dockerignore_does_not_change_the_hash()
    {
        _repo.Write("images/app/.dockerignore", "*.log\ncache/\n");
        _repo.Write("images/app/build.log", "first\n");
        var before = _repo.Image("app");

        _repo.Write("images/app/build.log", "second run\n");
        _repo.Write("images/app/cache/blob.bin", "anything\n");
        var after = _repo.Image("app");

        Assert.Equal(before.Hash, after.Hash);
        Assert.DoesNotContain(after.Files, f => f.Path is "build.log" or "cache/blob.bin");
    }

    [Fact]
    public void A_Dockerfile_listed_in_dockerignore_still_counts()
    {
        _repo.Write("images/app/.dockerignore", "Dockerfile\n");
        var before = _repo.Hash("app");

        _repo.Write("images/app/Dockerfile", "FROM alpine:3.21\nCOPY . /app\n");

        Assert.NotEqual(before, _repo.Hash("app"));
        Assert.DoesNotContain(_repo.Image("app").Files, f => f.Path == "Dockerfile");
    }

    [Fact]
    public void CRLF_and_LF_checkouts_hash_the_same()
    {
        var lf = _repo.Hash("app");

        _repo.Write("images/app/Dockerfile", "FROM alpine:3.20\r\nCOPY . /app\r\n");
        _repo.Write("images/app/main.sh", "echo one\r\necho two\r\n");

        Assert.Equal(lf, _repo.Hash("app"));
        Assert.Equal(18, _repo.Image("app").Files.Single(f => f.Path == "main.sh").Length);
    }

    [Fact]
    public void A_CRLF_pair_split_across_two_reads_is_still_normalised()
    {
        // The hasher reads 64 KiB at a time: put a CR as the last byte of the first read.
        var line = new string('a', 65535);
        _repo.Write("images/app/big.txt", line + "\nnext\n");
        var lf = _repo.Hash("app");

        _repo.Write("images/app/big.txt", line + "\r\nnext\r\n");

        Assert.Equal(lf, _repo.Hash("app"));
    }

    [Fact]
    public void A_lone_CR_is_content_not_a_line_ending()
    {
        _repo.Write("images/app/main.sh", "a\nb\n");
        var lf = _repo.Hash("app");

        _repo.Write("images/app/main.sh", "a\rb\n");

        Assert.NotEqual(lf, _repo.Hash("app"));
    }

    [Fact]
    public void Binary_files_are_hashed_byte_for_byte()
    {
        _repo.WriteBytes("images/app/blob.bin", [0, 1, 13, 10, 2]);
        var crlf = _repo.Hash("app");

        _repo.WriteBytes("images/app/blob.bin", [0, 1, 10, 2]);

        Assert.NotEqual(crlf, _repo.Hash("app"));
        Assert.Equal(4, _repo.Image("app").Files.Single(f => f.Path == "blob.bin").Length);
    }

    [Fact]
    public void Like_git_only_a_NUL_in_the_first_8000_bytes_makes_a_file_binary()
    {
        var late = new string('a', 9000) + "\0";
        _repo.Write("images/app/late.dat", late + "\n");
        _repo.Write("images/app/early.dat", "\0\n");
        var lf = _repo.Hash("app");

        _repo.Write("images/app/late.dat", late + "\r\n");
        var lateCrLf = _repo.Hash("app");
        _repo.Write("images/app/early.dat", "\0\r\n");

        Assert.Equal(lf, lateCrLf);
        Assert.NotEqual(lf, _repo.Hash("app"));
    }

    [Fact]
    public void Renaming_a_context_file_changes_the_hash()
    {
        var before = _repo.Hash("app");

        File.Move(_repo.Full("images/app/lib/util.sh"), _repo.Full("images/app/lib/utils.sh"));

        Assert.NotEqual(before, _repo.Hash("app"));
    }

    [Fact]
    public void Moving_content_between_files_changes_the_hash()
    {
        _repo.Write("images/app/a", "xy");
        _repo.Write("images/app/b", "");
        var before = _repo.Hash("app");

        _repo.Write("images/app/a", "x");
        _repo.Write("images/app/b", "y");

        Assert.NotEqual(before, _repo.Hash("app"));
    }

    [Fact]
    public void Build_args_target_and_Dockerfile_path_change_the_hash()
    {
        _repo.Write("images/app/.dockerignore", "image.yaml\n");
        var plain = _repo.Hash("app");

        _repo.Write("images/app/image.yaml", "buildArgs:\n  BASE: alpine\n");
        var withArg = _repo.Hash("app");
        _repo.Write("images/app/image.yaml", "buildArgs:\n  BASE: debian\n");
        var otherArg = _repo.Hash("app");
        _repo.Write("images/app/image.yaml", "target: runtime\n");
        var withTarget = _repo.Hash("app");
        File.Copy(_repo.Full("images/app/Dockerfile"), _repo.Full("images/app/Dockerfile.prod"));
        _repo.Write("images/app/image.yaml", "dockerfile: Dockerfile.prod\n");
        var otherDockerfile = _repo.Hash("app");

        Assert.Equal(5, new[] { plain, withArg, otherArg, withTarget, otherDockerfile }.Distinct().Count());
    }

    [Fact]
    public void Job_settings_in_an_ignored_image_yaml_do_not_change_the_hash()
    {
        _repo.Write("images/app/.dockerignore", "image.yaml\n");
        _repo.Write("images/app/image.yaml", "timeout: 30m\n");
        var before = _repo.Hash("app");

        _repo.Write("images/app/image.yaml", "timeout: 2h\nresources:\n  limits:\n    memory: 8Gi\nlabels:\n  team: web\n");

        Assert.Equal(before, _repo.Hash("app"));
        Assert.Equal(TimeSpan.FromHours(2), _repo.Image("app").Timeout);
    }

    [Fact]
    public void The_executable_bit_changes_the_hash()
    {
        var script = _repo.Full("images/app/main.sh");
        var before = _repo.Image("app");

        File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserExecute);
        var after = _repo.Image("app");

        Assert.NotEqual(before.Hash, after.Hash);
        Assert.False(before.Files.Single(f => f.Path == "main.sh").Executable);
        Assert.True(after.Files.Single(f => f.Path == "main.sh").Executable);
    }

    [Fact]
    public void Timestamps_do_not_change_the_hash()
    {
        var before = _repo.Hash("app");

        File.SetLastWriteTimeUtc(_repo.Full("images/app/main.sh"), new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));

        Assert.Equal(before, _repo.Hash("app"));
    }

    [Fact]
    public void The_same_tree_in_another_folder_written_in_another_order_hashes_the_same()
    {
        using var copy = new ImageRepo();
        copy.Write("images/other/data.txt", "data\n");
        copy.Write("images/app/lib/util.sh", "util\n");
        copy.Write("images/app/main.sh", "echo one\necho two\n");
        copy.Write("images/other/Dockerfile", "FROM alpine:3.20\nCOPY . /other\n");
        copy.Write("images/app/Dockerfile", "FROM alpine:3.20\nCOPY . /app\n");

        var original = _repo.Load().Images.Select(i => (i.Name, i.Hash.Value));
        var copied = copy.Load().Images.Select(i => (i.Name, i.Hash.Value));

        Assert.NotEqual(_repo.Path, copy.Path);
        Assert.Equal(original, copied);
    }

    [Fact]
    public void Files_are_listed_context_relative_with_slashes_in_ordinal_order()
    {
        var files = _repo.Image("app").Files.Select(f => f.Path).ToList();

        Assert.Equal(["Dockerfile", "lib/util.sh", "main.sh"], files);
    }

    [Fact]
    public void A_context_folder_from_image_yaml_hashes_that_folder()
    {
        _repo.Write("shared/base.txt", "base\n");
        _repo.Write("images/app/image.yaml", "context: ../../shared\n");
        var before = _repo.Image("app");

        _repo.Write("shared/base.txt", "changed\n");
        var after = _repo.Image("app");

        Assert.Equal("shared", after.Context);
        Assert.Equal(["base.txt"], after.Files.Select(f => f.Path));
        Assert.NotEqual(before.Hash, after.Hash);
    }

    [Fact]
    public void A_symlink_inside_the_repository_counts_as_its_target_path()
    {
        File.CreateSymbolicLink(_repo.Full("images/app/current"), "lib");
        var withLink = _repo.Image("app");

        File.Delete(_repo.Full("images/app/current"));
        File.CreateSymbolicLink(_repo.Full("images/app/current"), "main.sh");

        Assert.Contains(withLink.Files, f => f.Path == "current");
        Assert.NotEqual(withLink.Hash.Value, _repo.Hash("app"));
    }

    [Fact]
    public void A_git_folder_in_the_context_is_not_hashed()
    {
        var before = _repo.Hash("app");

        _repo.Write("images/app/.git/HEAD", "ref: refs/heads/main\n");

        Assert.Equal(before, _repo.Hash("app"));
    }

    [Fact]
    public void Hashes_do_not_depend_on_parallel_scheduling()
    {
        for (var i = 0; i < 40; i++)
        {
            _repo.Write($"images/many-{i:D2}/Dockerfile", $"FROM alpine\nRUN echo {i}\n");
        }

        var first = _repo.Load().Images.Select(i => (i.Name, i.Hash.Value)).ToList();
        var second = _repo.Load().Images.Select(i => (i.Name, i.Hash.Value)).ToList();

        Assert.Equal(first, second);
        Assert.Equal(first.Select(i => i.Name).Order(StringComparer.Ordinal), first.Select(i => i.Name));
        Assert.Equal(42, first.Select(i => i.Value).Distinct().Count());
    }
}
