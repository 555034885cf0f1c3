using System.Buffers.Binary;
using KanikoImages.Images.Hashing;

namespace KanikoImages.Build.Tools.Git;

/// <summary>
/// git's index file (.git/index, Documentation/gitformat-index.txt) read where it lies, for the plain case only:
/// starting git and reading what it prints costs far more than the listing itself. Anything this reader does not
/// know for certain gives null, and `git ls-files` decides: a .git that is not a folder (a worktree, a submodule),
/// GIT_DIR or GIT_INDEX_FILE set, a config that moves the work tree, includes other files or names another object
/// format, a split or sparse index, an unknown version or a file that does not add up.
/// </summary>
public static class GitIndexFile
{
    private const int StatLength = 40; // ctime, mtime (seconds, nanoseconds), dev, ino, mode, uid, gid, size
    private const int ObjectIdLength = 20; // SHA-1; a sha256 repository is refused by its config
    private const int ExtendedFlag = 0x4000;
    private const int NameMask = 0xFFF;

    /// <summary>The tracked files as `git ls-files --stage` lists them below the repository root; null: ask git.</summary>
    public static GitIndex? Read(string repositoryRoot)
    {
        if (new[] { "GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT" }
            .Any(name => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name))))
        {
            return null;
        }

        var gitFolder = Path.Combine(repositoryRoot, ".git");
        if (FileKinds.Of(gitFolder) != FileKind.Directory || !PlainConfig(Path.Combine(gitFolder, "config")))
        {
            return null;
        }

        var index = Path.Combine(gitFolder, "index");
        if (FileKinds.Of(index) != FileKind.Regular)
        {
            return null;
        }

        try
        {
            return Parse(File.ReadAllBytes(index));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The index's entries; null when the bytes are anything but an index this reader fully understands.</summary>
    public static GitIndex? Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < 12 + ObjectIdLength || !data[..4].SequenceEqual("DIRC"u8))
        {
            return null;
        }

        var version = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        var count = BinaryPrimitives.ReadUInt32BigEndian(data[8..]);
        if (version is < 2 or > 4 || count > int.MaxValue)
        {
            return null;
        }

        var end = data.Length - ObjectIdLength; // the trailing checksum
        var entries = new GitIndex.Builder();
        var offset = 12;
        var previous = Array.Empty<byte>();
        for (var i = 0u; i < count; i++)
        {
            if (Entry(data[..end], offset, version, previous) is not var (next, mode, name))
            {
                return null;
            }

            // A conflicted path has several stages, in order; the first one stands for it, as in GitIndex.Parse.
            entries.Add(name, ModeText(mode), data.Slice(offset + StatLength, ObjectIdLength));
            previous = name;
            offset = next;
        }

        // Extensions: a split index keeps entries in another file, a sparse one folds folders into one entry.
        while (offset < end)
        {
            if (end - offset < 8)
            {
                return null;
            }

            var signature = data.Slice(offset, 4);
            var size = BinaryPrimitives.ReadUInt32BigEndian(data[(offset + 4)..]);
            if (signature.SequenceEqual("link"u8) || signature.SequenceEqual("sdir"u8) || size > (uint)(end - offset - 8))
            {
                return null;
            }

            offset += 8 + (int)size;
        }

        return offset == end ? entries.Build() : null;
    }

    /// <summary>One entry at <paramref name="offset"/>: where the next begins, its mode and its name; null if it does not fit.</summary>
    private static (int Next, uint Mode, byte[] Name)? Entry(ReadOnlySpan<byte> data, int offset, uint version, byte[] previous)
    {
        var fixedLength = StatLength + ObjectIdLength + 2;
        if (data.Length - offset < fixedLength)
        {
            return null;
        }

        var mode = BinaryPrimitives.ReadUInt32BigEndian(data[(offset + 24)..]);
        int flags = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + StatLength + ObjectIdLength)..]);
        if ((flags & ExtendedFlag) != 0)
        {
            if (version < 3)
            {
                return null;
            }

            fixedLength += 2;
        }

        var nameStart = offset + fixedLength;
        if (version == 4)
        {
            // The name is the previous entry's without its last N bytes, then the bytes up to a NUL; no padding.
            if (Varint(data, ref nameStart) is not { } strip || strip > (ulong)previous.Length)
            {
                return null;
            }

            var suffixLength = data[nameStart..].IndexOf((byte)0);
            if (suffixLength < 0)
            {
                return null;
            }

            var name = new byte[previous.Length - (int)strip + suffixLength];
            previous.AsSpan(0, previous.Length - (int)strip).CopyTo(name);
            data.Slice(nameStart, suffixLength).CopyTo(name.AsSpan(previous.Length - (int)strip));
            return (nameStart + suffixLength + 1, mode, name);
        }

        var nameLength = data[nameStart..].IndexOf((byte)0);
        if (nameLength < 0 || (flags & NameMask) != Math.Min(nameLength, NameMask))
        {
            return null;
        }

        // Versions 2 and 3 pad each entry with 1 to 8 NULs to a multiple of 8 bytes.
        var next = offset + ((fixedLength + nameLength + 8) & ~7);
        return next <= data.Length ? (next, mode, data.Slice(nameStart, nameLength).ToArray()) : null;
    }

    /// <summary>git's offset varint (varint.c): seven bits a byte, each continuation adding one before the shift.</summary>
    private static ulong? Varint(ReadOnlySpan<byte> data, ref int offset)
    {
        if (offset >= data.Length)
        {
            return null;
        }

        var c = data[offset++];
        ulong value = c & 127u;
        while ((c & 128) != 0)
        {
            if (offset >= data.Length || value > (ulong.MaxValue >> 8))
            {
                return null;
            }

            c = data[offset++];
            value = ((value + 1) << 7) + (c & 127u);
        }

        return value;
    }

    /// <summary>Mode as ls-files prints it (six octal digits); the three a file can have are shared strings.</summary>
    private static string ModeText(uint mode) => mode switch
    {
        0x81A4 => "100644",
        0x81ED => "100755",
        0xA000 => "120000",
        _ => Convert.ToString(mode, 8).PadLeft(6, '0'),
    };

    /// <summary>
    /// Whether the repository's own config leaves the work tree, the object format and the index where this
    /// reader looks: no core.worktree, no extensions (objectFormat, worktreeConfig), no include of another file.
    /// </summary>
    private static bool PlainConfig(string config)
    {
        if (FileKinds.Of(config) != FileKind.Regular)
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(config);
            return !new[] { "worktree", "extensions", "objectformat", "include", "split", "sparse" }
                .Any(word => text.Contains(word, StringComparison.OrdinalIgnoreCase));
        }
        catch (IOException)
        {
            return false;
        }
    }
}
