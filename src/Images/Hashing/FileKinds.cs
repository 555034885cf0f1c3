using System.Runtime.InteropServices;

namespace KanikoImages.Images.Hashing;

/// <summary>What a path is, read without following a symlink and without opening it.</summary>
internal enum FileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,

    /// <summary>A FIFO, socket or device: opening or reading it can block forever or never end.</summary>
    Special,
}

/// <summary>
/// lstat(2) for the file type. .NET's public API reports a FIFO or /dev/zero as an ordinary file, so on Unix this
/// asks the runtime's own native shim (libSystem.Native, shipped with every .NET runtime), whose FileStatus puts
/// the mode right after a 32-bit flags field with the S_IF* type bits normalised across platforms.
/// </summary>
internal static class FileKinds
{
    private const int TypeMask = 0xF000;
    private const int RegularType = 0x8000;
    private const int DirectoryType = 0x4000;
    private const int LinkType = 0xA000;

    public static FileKind Of(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            // Windows has no FIFOs or device files in a working tree.
            var attributes = new FileInfo(path).Attributes;
            return (int)attributes == -1 ? FileKind.Missing
                : attributes.HasFlag(FileAttributes.ReparsePoint) ? FileKind.SymbolicLink
                : attributes.HasFlag(FileAttributes.Directory) ? FileKind.Directory
                : FileKind.Regular;
        }

        // Larger than the shim's FileStatus of any runtime version: only the mode at offset 4 is read.
        var status = new byte[256];
        if (LStat(path, status) != 0)
        {
            return FileKind.Missing;
        }

        return (BitConverter.ToInt32(status, 4) & TypeMask) switch
        {
            RegularType => FileKind.Regular,
            DirectoryType => FileKind.Directory,
            LinkType => FileKind.SymbolicLink,
            _ => FileKind.Special,
        };
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat")]
    private static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] status);
}
