using KanikoImages.Images.Hashing;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Images;

/// <summary>
/// FileKinds calls the runtime's native shim directly (lstat, open, pread), with its structure offsets and flag
/// values: each is checked here against what the system itself says.
/// </summary>
public sealed class FileKindsTests
{
    [SkippableFact]
    public void Stat_gives_every_field_stat_1_gives()
    {
        Skip.If(OperatingSystem.IsWindows(), "lstat is Unix");
        using var temp = new TempDirectory();
        var file = temp.Write("f.sh", "#!/bin/sh\necho 1\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var stat = FileKinds.Stat(file);
        var expected = ProcessResult.Run("stat", ["-c", "%s %.9Y %.9Z %d %i %f", file]).StandardOutput.Trim().Split(' ');

        Assert.Equal(FileKind.Regular, stat.Kind);
        Assert.Equal(long.Parse(expected[0]), stat.Size);
        Assert.Equal(expected[1].Replace(".", ""), stat.ModifiedNs.ToString());
        Assert.Equal(expected[2].Replace(".", ""), stat.ChangedNs.ToString());
        Assert.Equal(long.Parse(expected[3]), stat.Device);
        Assert.Equal(long.Parse(expected[4]), stat.Inode);
        Assert.Equal(Convert.ToInt32(expected[5], 16), stat.Mode);
    }

    [SkippableFact]
    public void Stat_tells_a_symlink_a_folder_a_fifo_and_a_missing_path_apart_without_following_or_opening()
    {
        Skip.If(OperatingSystem.IsWindows(), "FIFOs are Unix");
        using var temp = new TempDirectory();
        var file = temp.Write("f", "x");
        var link = Path.Combine(temp.Path, "link");
        File.CreateSymbolicLink(link, file);
        var fifo = Path.Combine(temp.Path, "fifo");
        Assert.Equal(0, ProcessResult.Run("mkfifo", [fifo]).ExitCode);

        Assert.Equal(FileKind.SymbolicLink, FileKinds.Of(link));
        Assert.Equal(FileKind.Directory, FileKinds.Of(temp.Path));
        Assert.Equal(FileKind.Special, FileKinds.Of(fifo));
        Assert.Equal(FileKind.Missing, FileKinds.Of(Path.Combine(temp.Path, "none")));
    }

    [Fact]
    public void OpenRead_reads_the_bytes_and_again_from_a_position_set_back()
    {
        using var temp = new TempDirectory();
        var file = temp.Write("f", "hello, world\n");
        var buffer = new byte[64];

        using var stream = FileKinds.OpenRead(file);
        var first = stream.Read(buffer);
        Assert.Equal("hello, world\n", System.Text.Encoding.UTF8.GetString(buffer, 0, first));
        Assert.Equal(0, stream.Read(buffer));
        stream.Position = 7;
        Assert.Equal("world\n", System.Text.Encoding.UTF8.GetString(buffer, 0, stream.Read(buffer)));
        Assert.Equal(13, stream.Length);
        Assert.Equal(10, stream.Seek(-3, SeekOrigin.End));
        Assert.Equal("ld\n", System.Text.Encoding.UTF8.GetString(buffer, 0, stream.Read(buffer)));
    }

    [SkippableFact]
    public void OpenRead_refuses_a_symlink_swapped_in_after_the_check()
    {
        Skip.If(OperatingSystem.IsWindows(), "O_NOFOLLOW is Unix");
        using var temp = new TempDirectory();
        var secret = temp.Write("secret", "do not read");
        var link = Path.Combine(temp.Path, "context-file");
        File.CreateSymbolicLink(link, secret);

        Assert.Throws<IOException>(() => FileKinds.OpenRead(link));
    }

    [SkippableFact]
    public void A_file_open_for_reading_is_not_inherited_by_the_processes_the_build_starts()
    {
        Skip.If(OperatingSystem.IsWindows(), "close-on-exec is Unix");
        using var temp = new TempDirectory();
        var file = temp.Write("inherited-or-not", "x");

        using var stream = FileKinds.OpenRead(file);
        var open = ProcessResult.Run("sh", ["-c", "ls -l /proc/$$/fd/"]);

        Assert.Equal(0, open.ExitCode);
        Assert.Contains(" -> ", open.Output);
        Assert.DoesNotContain("inherited-or-not", open.Output);
    }
}
