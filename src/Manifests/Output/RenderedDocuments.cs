using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using KanikoImages.Images.Caching;

namespace KanikoImages.Manifests.Output;

/// <summary>
/// The render cache (.tools/cache/rendered-documents): for each document <see cref="YamlDocumentWriter"/> wrote, the
/// sha256 of the JSON form it was written from and the sha256 of the YAML it gave. The YAML itself is not kept: it
/// is taken from deploy/manifest.yaml, and only where a document there has exactly that sha256. So a document whose
/// object has not changed is not emitted again (YAML emission is most of GenerateManifests' and Validate's time),
/// and what comes out is byte for byte what the writer gives, or the writer runs. The file names the writer's build
/// and the libraries it uses, and is sealed with this user's key (<see cref="CacheSeal"/>): a repository cannot make
/// one that is read.
/// </summary>
public sealed class RenderedDocuments
{
    public const string FileName = "rendered-documents";

    private const int DigestLength = 32;

    // A 10,000-image manifest gives about 1 MB.
    private const long Limit = 64L * 1024 * 1024;

    // Far above the 40 MB of 10,000 images; a larger file is not worth holding in memory: everything is emitted then.
    private const long ManifestLimit = 512L * 1024 * 1024;

    private readonly Dictionary<string, (string YamlKey, byte[] Yaml)> _known;
    private readonly ConcurrentDictionary<string, string> _pairs = new(StringComparer.Ordinal);
    private int _hits;
    private int _misses;

    private RenderedDocuments(Dictionary<string, (string, byte[])> known) => _known = known;

    /// <summary>Documents taken from deploy/ instead of being emitted, in this run.</summary>
    public int Hits => _hits;

    private static string Version => CacheSeal.Builds(typeof(RenderedDocuments), typeof(YamlDotNet.Core.Emitter), typeof(k8s.KubernetesJson));

    /// <summary>An empty cache: every document is emitted.</summary>
    public static RenderedDocuments Empty() => new(new(StringComparer.Ordinal));

    /// <param name="folder">The cache folder; null: start empty.</param>
    /// <param name="manifest">deploy/manifest.yaml, where the YAML of known documents is taken from.</param>
    public static RenderedDocuments Load(string? folder, CacheSeal seal, string manifest)
    {
        var file = folder is null ? null : CacheFolder.Read(folder, FileName, Limit);
        var body = file is null ? null : seal.Open(FileName, Version, file);
        if (body is null || body.Value.Length % (2 * DigestLength) != 0)
        {
            return Empty();
        }

        var yamlByJson = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var span = body.Value.Span; span.Length > 0; span = span[(2 * DigestLength)..])
        {
            yamlByJson[Convert.ToHexStringLower(span[..DigestLength])] = Convert.ToHexStringLower(span[DigestLength..(2 * DigestLength)]);
        }

        var documents = Documents(manifest, yamlByJson.Values.ToHashSet(StringComparer.Ordinal));
        var known = new Dictionary<string, (string, byte[])>(StringComparer.Ordinal);
        foreach (var (json, yaml) in yamlByJson)
        {
            if (documents.TryGetValue(yaml, out var bytes))
            {
                known[json] = (yaml, bytes);
            }
        }

        return new RenderedDocuments(known);
    }

    /// <summary>The YAML for the document whose JSON form is <paramref name="json"/>: known, or rendered now.</summary>
    internal byte[] Render(byte[] json, Func<byte[]> render)
    {
        var key = Digest(json);
        if (_known.TryGetValue(key, out var known))
        {
            _pairs[key] = known.YamlKey;
            Interlocked.Increment(ref _hits);
            return known.Yaml;
        }

        var yaml = render();
        _pairs[key] = Digest(yaml);
        Interlocked.Increment(ref _misses);
        return yaml;
    }

    /// <summary>The sealed file to write when this run rendered new documents or no longer needed some; else null.</summary>
    public byte[]? Changed(CacheSeal seal)
    {
        if (_misses == 0 && _hits == _known.Count)
        {
            return null;
        }

        var body = new byte[_pairs.Count * 2 * DigestLength];
        var at = 0;
        foreach (var (json, yaml) in _pairs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Convert.FromHexString(json).CopyTo(body, at);
            Convert.FromHexString(yaml).CopyTo(body, at + DigestLength);
            at += 2 * DigestLength;
        }

        return seal.Seal(FileName, Version, body);
    }

    /// <summary>
    /// The documents of deploy/manifest.yaml by their sha256, only those in <paramref name="wanted"/>: the lines
    /// between "---" lines, each document ending with its line feed, without the header's comment lines. Read line by
    /// line, so memory holds the documents kept, never the file twice. A file that cannot be read gives none.
    /// </summary>
    private static Dictionary<string, byte[]> Documents(string manifest, IReadOnlySet<string> wanted)
    {
        var documents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (CacheFolder.RegularFileLength(manifest) is not { } length || length > ManifestLimit)
        {
            return documents;
        }

        try
        {
            using var stream = new FileStream(manifest, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 0);
            // Read straight into the document, no array per line: a line is judged when its line feed arrives.
            var document = new MemoryStream();
            var lineStart = 0;
            var header = true;
            var buffer = new byte[64 * 1024];
            for (int read; (read = stream.Read(buffer)) > 0;)
            {
                for (var start = 0; start < read;)
                {
                    var newline = Array.IndexOf(buffer, (byte)'\n', start, read - start);
                    var end = newline < 0 ? read : newline + 1;
                    document.Write(buffer, start, end - start);
                    start = end;
                    if (newline >= 0)
                    {
                        EndLine(endsWithLineFeed: true);
                    }
                }
            }

            if (document.Length > lineStart)
            {
                EndLine(endsWithLineFeed: false);
            }

            if (document.Length > 0)
            {
                Keep();
            }

            // Header comment lines are dropped; a "---" line ends a document and is in none.
            void EndLine(bool endsWithLineFeed)
            {
                var line = document.GetBuffer().AsSpan(lineStart, (int)document.Length - lineStart);
                if (header && line[0] == (byte)'#')
                {
                    document.SetLength(lineStart);
                    return;
                }

                header = false;
                if (endsWithLineFeed && line.SequenceEqual("---\n"u8))
                {
                    document.SetLength(lineStart);
                    Keep();
                }

                lineStart = (int)document.Length;
            }

            void Keep()
            {
                var digest = Digest(document.GetBuffer().AsSpan(0, (int)document.Length));
                if (wanted.Contains(digest))
                {
                    documents.TryAdd(digest, document.ToArray());
                }

                document.SetLength(0);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            documents.Clear();
        }

        return documents;
    }

    private static string Digest(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
