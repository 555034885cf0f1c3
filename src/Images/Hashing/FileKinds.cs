using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace KanikoImages.Images.Hashing;

/// <summary>What a path is, read without following a symlink and without opening it.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,

    /// <summary>A FIFO, socket or device: opening or reading it can block forever or never end.</summary>
    Special,
}

/// <summary>
/// What lstat(2) says of a path: its kind and, for the file digest cache, the fields that change when its content
/// can have changed (git's index keeps the same ones). Zero fingerprint fields: unknown (Windows), never cached.
/// </summary>
public readonly record struct FileStat(FileKind Kind, long Size, long ModifiedNs, long ChangedNs, long Device, long Inode, int Mode)
{
    public static readonly FileStat Missing = new(FileKind.Missing, 0, 0, 0, 0, 0, 0);

    /// <summary>Whether the fingerprint is known (inode and change time are never zero for a real file on Unix).</summary>
    public bool HasFingerprint => Inode != 0 && ChangedNs != 0;
}

/// <summary>
/// lstat(2) for the file type. .NET's public API reports a FIFO or /dev/zero as an ordinary file, so on Unix this
/// asks the runtime's own native shim (libSystem.Native, shipped with every .NET runtime), whose FileStatus puts
/// the mode right after a 32-bit flags field with the S_IF* type bits normalised across platforms.
/// </summary>
public static class FileKinds
{
    private const int TypeMask = 0xF000;
    private const int RegularType = 0x8000;
    private const int DirectoryType = 0x4000;
    private const int LinkType = 0xA000;

    public static FileKind Of(string path) => Stat(path).Kind;

    /// <summary>
    /// One lstat. The shim's FileStatus (runtime/src/native/libs/System.Native/pal_io.h, .NET 7 and later):
    /// Flags, Mode, Uid, Gid (4 bytes each), then 8-byte Size, ATime, ATimeNsec, MTime, MTimeNsec, CTime, CTimeNsec,
    /// BirthTime, BirthTimeNsec, Dev, RDev, Ino. FileKindsTests compares every field used with stat(1).
    /// </summary>
    public static FileStat Stat(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            // Windows has no FIFOs or device files in a working tree.
            var attributes = new FileInfo(path).Attributes;
            var kind = (int)attributes == -1 ? FileKind.Missing
                : attributes.HasFlag(FileAttributes.ReparsePoint) ? FileKind.SymbolicLink
                : attributes.HasFlag(FileAttributes.Directory) ? FileKind.Directory
                : FileKind.Regular;
            return FileStat.Missing with { Kind = kind };
        }

        // Larger than the shim's FileStatus of any runtime version.
        Span<byte> status = stackalloc byte[256];
        if (LStat(path, ref MemoryMarshal.GetReference(status)) != 0)
        {
            return FileStat.Missing;
        }

        var mode = MemoryMarshal.Read<int>(status[4..]);
        var stat = new FileStat(
            (mode & TypeMask) switch
            {
                RegularType => FileKind.Regular,
                DirectoryType => FileKind.Directory,
                LinkType => FileKind.SymbolicLink,
                _ => FileKind.Special,
            },
            Size: MemoryMarshal.Read<long>(status[16..]),
            ModifiedNs: MemoryMarshal.Read<long>(status[40..]) * 1_000_000_000 + MemoryMarshal.Read<long>(status[48..]),
            ChangedNs: MemoryMarshal.Read<long>(status[56..]) * 1_000_000_000 + MemoryMarshal.Read<long>(status[64..]),
            Device: MemoryMarshal.Read<long>(status[88..]),
            Inode: MemoryMarshal.Read<long>(status[104..]),
            Mode: mode);
        return stat.Kind != FileKind.Regular || LayoutHolds(path, stat) ? stat : stat with { ChangedNs = 0, Inode = 0 };
    }

    // 0: not checked yet, 1: the offsets above hold, -1: they do not (another runtime's layout): no fingerprints.
    private static int _layout;

    /// <summary>
    /// Checks the offsets once, on the first regular file, against .NET's own view of its size and modification
    /// time; should a runtime move the fields, the digest cache is off rather than keyed by the wrong ones.
    /// </summary>
    private static bool LayoutHolds(string path, FileStat stat)
    {
        if (_layout == 0)
        {
            var info = new FileInfo(path);
            var modified = (info.LastWriteTimeUtc - DateTime.UnixEpoch).Ticks;
            _layout = info.Length == stat.Size && modified == stat.ModifiedNs / 100 ? 1 : -1;
        }

        return _layout == 1;
    }

    /// <summary>
    /// Opens a file to read it from the start, without following a final symlink. On Unix through the same shim:
    /// open(2), then pread(2) per read, where FileStream adds an fstat, an flock(2) for FileShare and its release
    /// (and lseek calls over a handle): more system calls than the read itself for a small file, hashed only once.
    /// The caller has checked with <see cref="Stat"/> that it is a regular file.
    /// </summary>
    /// <exception cref="IOException">It cannot be opened; the message says why.</exception>
    public static Stream OpenRead(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }

        var handle = Open(path, CloseOnExec | NoFollow, 0);
        if (handle.IsInvalid)
        {
            var error = Marshal.GetLastPInvokeErrorMessage();
            handle.Dispose();
            throw new IOException(error);
        }

        return new PositionalStream(handle);
    }

    /// <summary>Sequential reads at a position it keeps (pread), which a caller may set back to read again.</summary>
    private sealed class PositionalStream(SafeFileHandle handle) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => RandomAccess.GetLength(handle);

        public override long Position
        {
            get => _position;
            set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            // RandomAccess would ask the kernel whether the file can seek first (an lseek per file).
            int read;
            while ((read = PRead(handle, ref MemoryMarshal.GetReference(buffer), buffer.Length, _position)) < 0 &&
                   Marshal.GetLastPInvokeError() == Interrupted)
            {
            }

            if (read < 0)
            {
                throw new IOException(Marshal.GetLastPInvokeErrorMessage());
            }

            _position += read;
            return read;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                handle.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    // The shim's own flag values (pal_io.h, PAL_O_*), which it maps to the platform's.
    private const int CloseOnExec = 0x0010;
    private const int NoFollow = 0x0200;

    private const int Interrupted = 4; // EINTR

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_PRead", SetLastError = true)]
    private static extern int PRead(SafeFileHandle handle, ref byte buffer, int count, long offset);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Open", SetLastError = true)]
    private static extern SafeFileHandle Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat")]
    private static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, ref byte status);
}
