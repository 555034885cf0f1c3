using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using KanikoImages.Images.Caching;

namespace KanikoImages.Images.Hashing;

/// <summary>The build settings that change what kaniko produces from the same files.</summary>
internal sealed record BuildSettings(
    string DockerfileInContext,
    string? Target,
    IReadOnlyList<KeyValuePair<string, string>> BuildArgs)
{
    /// <summary>A multi-platform image's platforms, sorted; hashed only when declared, so other hashes stay as they were.</summary>
    public IReadOnlyList<Platform> Platforms { get; init; } = [];
}

/// <summary>What the hash covers of one image, and how to read it.</summary>
/// <param name="Mode">ConfigMap: the bytes the ConfigMap carries. Git: the files as the commit holds them.</param>
/// <param name="Dockerfile">The Dockerfile's bytes as read from the checkout.</param>
/// <param name="DockerfilePath">The Dockerfile's repository-relative real path, with '/'.</param>
/// <param name="Entries">The context, as <see cref="ContextFiles"/> listed it (only tracked files, when git is there).</param>
/// <param name="ContextPath">The context folder, repository-relative ("." for the root).</param>
/// <param name="Index">git's index (tracked files); null outside a git work tree.</param>
internal sealed record HashInput(
    ContextMode Mode,
    byte[] Dockerfile,
    string DockerfilePath,
    IReadOnlyList<ContextEntry> Entries,
    string ContextPath,
    IReadOnlyDictionary<string, GitIndexEntry>? Index);

/// <summary>What was hashed: the files, the hash, the Dockerfile as the ConfigMap carries it.</summary>
internal sealed record HashResult(IReadOnlyList<HashedFile> Files, ContentHash Hash, byte[]? DockerfileContent);

/// <summary>
/// The content hash: sha256 over a versioned, length-prefixed encoding of the build settings, the Dockerfile
/// and every context entry (path, executable bit, sha256 of its content) in ordinal path order. The content is
/// what kaniko gets: in ConfigMap mode the bytes the ConfigMap carries (<see cref="ContextContent"/>); in git
/// mode the bytes the commit holds, taken from the checkout when git's index confirms they are the blob's
/// bytes, and otherwise the checkout's content read the way git stores text (CRLF as LF; the file then differs
/// from the commit and the manifest stage says so).
/// Only repository-relative paths go in, so the hash does not depend on where the checkout is, on timestamps
/// or on the order the file system lists files.
/// </summary>
/// <param name="digests">Digests of files hashed in earlier runs (git mode only; ConfigMap mode needs the bytes anyway).</param>
internal sealed class ContentHasher(IExecutableBits executableBits, FileDigestCache? digests = null)
{
    /// <summary>Changes whenever the encoding changes, so old and new hashes can never be mistaken for each other.</summary>
    public const string FormatVersion = "kaniko-k8s-images content hash v1";

    /// <summary>
    /// The encoding of an image that builds on catalog images: its own v1 hash, then each base's name and final
    /// hash, by name. Only such images use it, so an image without bases keeps its v1 hash byte for byte.
    /// </summary>
    public const string DependencyFormatVersion = "kaniko-k8s-images content hash v2 with bases";

    private const int BufferSize = 64 * 1024;

    /// <summary>The final hash of an image over its own content hash and its bases' final hashes (<see cref="DependencyFormatVersion"/>).</summary>
    public static ContentHash WithDependencies(ContentHash own, IEnumerable<(string Image, ContentHash Hash)> bases)
    {
        using var total = new Fields();
        total.Add(DependencyFormatVersion);
        total.Add(own.Value);
        foreach (var (image, hash) in bases.OrderBy(b => b.Image, StringComparer.Ordinal))
        {
            total.Add("base");
            total.Add(image);
            total.Add(hash.Value);
        }

        return total.Hash();
    }

    /// <param name="settings">Dockerfile path, target and build args.</param>
    /// <param name="input">The Dockerfile and context to hash.</param>
    /// <param name="repositoryRoot">For reading files and for messages.</param>
    /// <param name="errors">Where unreadable files go.</param>
    public HashResult Hash(BuildSettings settings, HashInput input, string repositoryRoot, ErrorList errors)
    {
        using var total = new Fields();
        using var content = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            total.Add(FormatVersion);

            // The Dockerfile always counts, even when .dockerignore excludes it from COPY.
            total.Add("dockerfile");
            total.Add(settings.DockerfileInContext);
            byte[]? dockerfileContent = null;
            if (input.Mode == ContextMode.ConfigMap)
            {
                dockerfileContent = ContextContent.ForConfigMap(input.Dockerfile);
                content.AppendData(dockerfileContent);
            }
            else
            {
                GitContent(new MemoryStream(input.Dockerfile, writable: false), input.Dockerfile.Length, input.Index?.GetValueOrDefault(input.DockerfilePath), content, buffer);
            }

            total.Add(content.GetHashAndReset());
            total.Add("target");
            total.Add(settings.Target ?? "");
            foreach (var (name, value) in settings.BuildArgs.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                total.Add("arg");
                total.Add(name);
                total.Add(value);
            }

            // Adding or removing a platform changes the hash: the image index changes, and the new platform is built.
            foreach (var platform in settings.Platforms)
            {
                total.Add("platform");
                total.Add(platform.Text);
            }

            var files = new List<HashedFile>(input.Entries.Count);
            foreach (var entry in input.Entries)
            {
                var repositoryPath = input.ContextPath == "." ? entry.Path : input.ContextPath + "/" + entry.Path;
                try
                {
                    var indexEntry = input.Index?.GetValueOrDefault(repositoryPath);
                    var (file, digest) = input.Mode == ContextMode.ConfigMap
                        ? (ConfigMapEntry(entry, repositoryPath, indexEntry, content), (ReadOnlyMemory<byte>)content.GetHashAndReset())
                        : GitEntry(entry, repositoryPath, indexEntry, content, buffer);
                    total.Add("file");
                    total.Add(entry.Path);
                    total.Add(file.Executable ? "x" : "-");
                    total.Add(digest.Span);
                    files.Add(file);
                }
                catch (ContextContent.FileTooLargeException e) when (input.Mode == ContextMode.ConfigMap)
                {
                    content.GetHashAndReset();
                    errors.Add(repositoryPath, $"is {e.Length:N0} bytes, more than the {e.Limit:N0} bytes (1 MiB) a Kubernetes ConfigMap can hold: set contextMode: git in the image's image.yaml");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    content.GetHashAndReset();
                    errors.Add(repositoryPath, $"cannot be read: {e.Message}");
                }
            }

            return new HashResult(files, total.Hash(), dockerfileContent);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A ConfigMap entry: the bytes it will carry, read once, kept for the manifest stage. A file whose bytes are git's
    /// blob is confirmed as the index has it (see <see cref="GitIndexEntry.MatchesWorkTree"/>).
    /// </summary>
    private HashedFile ConfigMapEntry(ContextEntry entry, string repositoryPath, GitIndexEntry? indexEntry, IncrementalHash content)
    {
        if (entry.LinkTarget is not null)
        {
            throw new IOException("is a symlink, which a ConfigMap cannot carry");
        }

        var raw = ContextContent.ReadRegular(entry.FullPath, ContextContent.ConfigMapLimit);
        if (indexEntry is not null && SameMode(indexEntry.Mode, entry.Stat) && GitBlob.Is(raw, indexEntry.ObjectId))
        {
            indexEntry.ConfirmWorkTree();
        }

        var bytes = ContextContent.ForConfigMap(raw);
        content.AppendData(bytes);
        return new HashedFile(entry.Path, bytes.Length, executableBits.IsExecutable(repositoryPath, entry.FullPath)) { Content = bytes };
    }

    /// <summary>
    /// A git entry and the digest of its content. A symlink is its target path, as git stores it (and checks it out
    /// where links are unsupported). A file is hashed as the commit holds it; the executable bit comes from the index
    /// then. A file the digest cache knows by its lstat and blob id is not read.
    /// </summary>
    private (HashedFile File, ReadOnlyMemory<byte> Digest) GitEntry(ContextEntry entry, string repositoryPath, GitIndexEntry? indexEntry, IncrementalHash content, byte[] buffer)
    {
        if (entry.LinkTarget is { } target)
        {
            var bytes = Encoding.UTF8.GetBytes(target);
            content.AppendData(bytes);
            return (new HashedFile(entry.Path, bytes.Length, false), content.GetHashAndReset());
        }

        if (digests is null || !digests.TryFind(repositoryPath, entry.Stat, indexEntry, out var length, out var committed, out var digest))
        {
            // The listing's lstat is the cache's key; this one, just before the open, refuses a file swapped for a FIFO since.
            var stat = FileKinds.Stat(entry.FullPath);
            if (stat.Kind != FileKind.Regular)
            {
                throw new IOException("is no longer a regular file");
            }

            // Unbuffered: the caller's buffer is the only one. Sharing everything: no other reader or writer is blocked.
            using (var stream = FileKinds.OpenRead(entry.FullPath))
            {
                (length, committed) = GitContent(stream, stat.Size, indexEntry, content, buffer);
            }

            digest = content.GetHashAndReset();
            digests?.Add(repositoryPath, entry.Stat == stat ? stat : default, indexEntry, committed, length, digest.Span);
        }

        if (committed && SameMode(indexEntry!.Mode, entry.Stat))
        {
            indexEntry.ConfirmWorkTree();
        }

        return (new HashedFile(entry.Path, length, committed ? indexEntry!.Executable : executableBits.IsExecutable(repositoryPath, entry.FullPath)), digest);
    }

    /// <summary>
    /// A regular file's mode as git records it in the index with core.fileMode on: 100755 when the owner may execute
    /// it, else 100644. An unknown mode (Windows) never matches an executable entry.
    /// </summary>
    private static bool SameMode(string indexMode, FileStat stat) =>
        stat.Kind == FileKind.Regular && indexMode == ((stat.Mode & OwnerExecute) != 0 ? "100755" : "100644");

    private const int OwnerExecute = 0x40; // S_IXUSR

    /// <summary>
    /// Appends the content as the commit holds it: the checkout's bytes when their git blob id is the index's
    /// (then they are exactly the blob), else the checkout read as git stores text (a second pass).
    /// </summary>
    private static (long Length, bool Committed) GitContent(Stream stream, long length, GitIndexEntry? indexEntry, IncrementalHash content, byte[] buffer)
    {
        if (indexEntry is not null && GitBlob.Algorithm(indexEntry.ObjectId) is { } algorithm)
        {
            var header = GitBlob.Header(length);
            if (header.Length + length < buffer.Length)
            {
                // Most context files fit in the buffer behind the blob header: read in one go, hashed by one-shot calls.
                header.CopyTo(buffer, 0);
                var small = ReadSmall(stream, length, buffer.AsSpan(header.Length));
                if (small == length && BlobId(algorithm, buffer.AsSpan(0, header.Length + small)).AsSpan().SequenceEqual(indexEntry.ObjectId))
                {
                    content.AppendData(buffer.AsSpan(header.Length, small));
                    return (length, true);
                }

                stream.Position = 0;
                return (NormalizedContent.Append(stream, length, content, buffer), false);
            }

            using var blob = IncrementalHash.CreateHash(algorithm);
            blob.AppendData(header);
            long read = 0;
            for (int n; (n = stream.Read(buffer)) > 0; read += n)
            {
                blob.AppendData(buffer, 0, n);
                content.AppendData(buffer, 0, n);
            }

            if (read == length && blob.GetHashAndReset().AsSpan().SequenceEqual(indexEntry.ObjectId))
            {
                return (length, true);
            }

            content.GetHashAndReset();
            stream.Position = 0;
        }

        return (NormalizedContent.Append(stream, length, content, buffer), false);
    }

    /// <summary>
    /// Reads a file listed with <paramref name="listedLength"/> bytes into <paramref name="into"/>, which has room for more:
    /// a short read that reaches the listed length is the end (a regular file gives all it has), so no read is spent
    /// finding it. A file grown since its listing fills more, and its length then differs.
    /// </summary>
    private static int ReadSmall(Stream stream, long listedLength, Span<byte> into)
    {
        var filled = 0;
        while (filled < into.Length)
        {
            var read = stream.Read(into[filled..]);
            filled += read;
            if (read == 0 || filled >= listedLength)
            {
                break;
            }
        }

        return filled;
    }

    private static byte[] BlobId(HashAlgorithmName algorithm, ReadOnlySpan<byte> blob) =>
        algorithm == HashAlgorithmName.SHA1 ? SHA1.HashData(blob) : SHA256.HashData(blob);

    /// <summary>
    /// The encoded fields, gathered and hashed in one call at the end (sha256 of the same bytes as field by field:
    /// a native call per field cost more than the hashing).
    /// </summary>
    private sealed class Fields : IDisposable
    {
        private byte[] _bytes = ArrayPool<byte>.Shared.Rent(4096);
        private int _length;

        public void Add(string text)
        {
            var bytes = Room(Encoding.UTF8.GetMaxByteCount(text.Length));
            Prefixed(Encoding.UTF8.GetBytes(text, bytes[4..]));
        }

        /// <summary>Length-prefixed, so no two different inputs can encode to the same bytes.</summary>
        public void Add(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(Room(bytes.Length)[4..]);
            Prefixed(bytes.Length);
        }

        public ContentHash Hash() => new(Convert.ToHexStringLower(SHA256.HashData(_bytes.AsSpan(0, _length))));

        public void Dispose() => ArrayPool<byte>.Shared.Return(_bytes);

        /// <summary>Space for a length and up to <paramref name="length"/> bytes after what is there.</summary>
        private Span<byte> Room(int length)
        {
            if (_bytes.Length - _length < 4 + length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(2 * _bytes.Length, _length + 4 + length));
                _bytes.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_bytes);
                _bytes = larger;
            }

            return _bytes.AsSpan(_length);
        }

        private void Prefixed(int length)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_bytes.AsSpan(_length), length);
            _length += 4 + length;
        }
    }
}
