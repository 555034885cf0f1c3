using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace KanikoImages.Images.Hashing;

/// <summary>The build settings that change what kaniko produces from the same files.</summary>
internal sealed record BuildSettings(
    string DockerfileInContext,
    string? Target,
    IReadOnlyList<KeyValuePair<string, string>> BuildArgs);

/// <summary>
/// The content hash: sha256 over a versioned, length-prefixed encoding of the build settings, the Dockerfile
/// and every context entry (path, executable bit, sha256 of its normalised content) in ordinal path order. Only
/// repository-relative paths go in, so the hash does not depend on where the checkout is, on timestamps or on
/// the order the file system lists files.
/// </summary>
internal sealed class ContentHasher(IExecutableBits executableBits)
{
    /// <summary>Changes whenever the encoding changes, so old and new hashes can never be mistaken for each other.</summary>
    public const string FormatVersion = "kaniko-k8s-images content hash v1";

    private const int BufferSize = 64 * 1024;

    /// <param name="settings">Dockerfile path, target and build args.</param>
    /// <param name="dockerfile">The Dockerfile's bytes as read.</param>
    /// <param name="entries">The context, as <see cref="ContextFiles"/> listed it.</param>
    /// <param name="repositoryRoot">For the git-index lookup of executable bits and for messages.</param>
    /// <param name="contextPath">The context folder, repository-relative.</param>
    /// <param name="errors">Where unreadable files go.</param>
    public (IReadOnlyList<HashedFile> Files, ContentHash Hash) Hash(
        BuildSettings settings,
        byte[] dockerfile,
        IReadOnlyList<ContextEntry> entries,
        string repositoryRoot,
        string contextPath,
        ErrorList errors)
    {
        using var total = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var content = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            Field(total, FormatVersion);

            // The Dockerfile always counts, even when .dockerignore excludes it from COPY.
            Field(total, "dockerfile");
            Field(total, settings.DockerfileInContext);
            NormalizedContent.Append(new MemoryStream(dockerfile, writable: false), dockerfile.Length, content, buffer);
            Field(total, content.GetHashAndReset());
            Field(total, "target");
            Field(total, settings.Target ?? "");
            foreach (var (name, value) in settings.BuildArgs.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                Field(total, "arg");
                Field(total, name);
                Field(total, value);
            }

            var files = new List<HashedFile>(entries.Count);
            foreach (var entry in entries)
            {
                var repositoryPath = contextPath == "." ? entry.Path : contextPath + "/" + entry.Path;
                try
                {
                    var file = HashEntry(entry, repositoryPath, content, buffer);
                    Field(total, "file");
                    Field(total, entry.Path);
                    Field(total, file.Executable ? "x" : "-");
                    Field(total, content.GetHashAndReset());
                    files.Add(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    content.GetHashAndReset();
                    errors.Add(repositoryPath, $"cannot be read: {e.Message}");
                }
            }

            return (files, new ContentHash(Convert.ToHexStringLower(total.GetHashAndReset())));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Appends one entry's normalised content to <paramref name="content"/>. A symlink counts as a file holding its
    /// target path: that is what git checks out where links are unsupported (Windows), so both hash alike.
    /// </summary>
    private HashedFile HashEntry(ContextEntry entry, string repositoryPath, IncrementalHash content, byte[] buffer)
    {
        if (entry.LinkTarget is { } target)
        {
            var bytes = Encoding.UTF8.GetBytes(target);
            content.AppendData(bytes);
            return new HashedFile(entry.Path, bytes.Length, false);
        }

        // Unbuffered: the caller's buffer is the only one. Sharing everything: no other reader or writer is blocked.
        using var stream = new FileStream(entry.File.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        var length = NormalizedContent.Append(stream, ((FileInfo)entry.File).Length, content, buffer);
        return new HashedFile(entry.Path, length, executableBits.IsExecutable(repositoryPath, entry.File));
    }

    private static void Field(IncrementalHash hash, string text) => Field(hash, Encoding.UTF8.GetBytes(text));

    /// <summary>Length-prefixed, so no two different inputs can encode to the same bytes.</summary>
    private static void Field(IncrementalHash hash, ReadOnlySpan<byte> bytes)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
