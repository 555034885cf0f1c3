using System.Buffers;
using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using KanikoImages.Images.Caching;
using KanikoImages.Validation.Resources;
using KanikoImages.Validation.Rules;
using KanikoImages.Validation.Schemas;

namespace KanikoImages.Validation;

/// <summary>
/// The validation cache (.tools/cache/validated-documents): documents found valid before, by the sha256 of their
/// exact text, with the schema they were checked against (<see cref="SchemaLayer.Identity"/>) and what the rules
/// across resources need of them. A document whose text and schema are both the same is not parsed or checked
/// again. Only documents without any finding are kept, so the cache can never hide one: an edited document or
/// schema is a miss and is checked in full. The cache file names the validator's build and the options that change
/// a verdict (strict, locations, Kubernetes version), and is sealed with this user's key (<see cref="CacheSeal"/>).
/// </summary>
public sealed class ValidatedDocuments
{
    public const string FileName = "validated-documents";

    // A 10,000-image manifest gives about 2 MB.
    private const long Limit = 64L * 1024 * 1024;

    private readonly Dictionary<string, KnownDocument> _loaded;
    private readonly ConcurrentDictionary<string, KnownDocument> _added = new(StringComparer.Ordinal);
    private readonly string _version;
    private int _hits;

    private ValidatedDocuments(Dictionary<string, KnownDocument> loaded, string version)
    {
        _loaded = loaded;
        _version = version;
    }

    /// <summary>Documents answered from the cache in this run.</summary>
    public int Hits => _hits;

    /// <summary>The cache in <paramref name="folder"/> (null: start empty) when this user's key sealed it for this validator and these options.</summary>
    public static ValidatedDocuments Load(string? folder, CacheSeal seal, ValidationOptions options)
    {
        var version = Version(options);
        var file = folder is null ? null : CacheFolder.Read(folder, FileName, Limit);
        var body = file is null ? null : seal.Open(FileName, version, file);
        try
        {
            return new ValidatedDocuments(body is null ? new(StringComparer.Ordinal) : Decode(body.Value), version);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or FormatException)
        {
            return new ValidatedDocuments(new(StringComparer.Ordinal), version);
        }
    }

    /// <summary>What a document with this text was found to be, when its schema is still the one it was checked against.</summary>
    internal KnownDocument? Find(string text, SchemaLayer schemas)
    {
        if (_loaded.TryGetValue(Key(text), out var known) && known.Schema == schemas.Identity(new ResourceType(known.ApiVersion, known.Kind)))
        {
            known.Seen = true;
            Interlocked.Increment(ref _hits);
            return known;
        }

        return null;
    }

    /// <summary>Keeps a document checked in this run when nothing was found in it.</summary>
    internal void Add(ManifestResource resource, CheckedResource result, SchemaLayer schemas)
    {
        if (resource.Source is not { } source
            || result.SchemaFindings.Count > 0
            || result.RuleFindings.Count > 0
            || result.Facts is not { } facts
            || schemas.Identity(new ResourceType(resource.ApiVersion, resource.Kind)) is not { } schema)
        {
            return;
        }

        _added[Key(source.Text)] = new KnownDocument(
            source.Line, resource.Kind, resource.ApiVersion, resource.Name, resource.Namespace,
            facts.Named, facts.ImageLabel, facts.ContentHash, facts.References, schema);
    }

    /// <summary>The sealed file to write when this run found new documents or no longer saw some; else null.</summary>
    public byte[]? Changed(CacheSeal seal)
    {
        if (_added.IsEmpty && _hits == _loaded.Count)
        {
            return null;
        }

        var body = new MemoryStream();
        using (var writer = new BinaryWriter(body))
        {
            var entries = _loaded.Where(e => e.Value.Seen).Concat(_added).ToList();
            writer.Write(entries.Count);
            foreach (var (key, known) in entries)
            {
                writer.Write(key);
                writer.Write(known.Line);
                writer.Write(known.Kind);
                writer.Write(known.ApiVersion);
                writer.Write(known.Name);
                Optional(writer, known.Namespace);
                writer.Write(known.Named);
                Optional(writer, known.ImageLabel);
                Optional(writer, known.ContentHash);
                writer.Write(known.References.Count);
                foreach (var reference in known.References)
                {
                    writer.Write(reference.Kind);
                    writer.Write(reference.Name);
                    writer.Write(reference.Path);
                }

                writer.Write(known.Schema);
            }
        }

        return seal.Seal(FileName, _version, body.ToArray());
    }

    /// <summary>This validator's build (and the parts it reads documents with), and every option that changes a verdict.</summary>
    private static string Version(ValidationOptions options) => string.Join(
        '\0',
        CacheSeal.Builds(
            typeof(ValidatedDocuments),
            typeof(CacheSeal),
            typeof(Manifests.ManifestConventions),
            typeof(YamlDotNet.Core.Parser)),
        JsonSchemaNet.ManifestModule.ModuleVersionId.ToString("N"),
        options.Strict,
        options.IgnoreMissingSchemas,
        options.TypedModelFallback,
        options.KubernetesVersion,
        string.Join('\n', options.SchemaLocations));

    /// <summary>
    /// JsonSchema.Net's build, found by name: a type of it would run its module initializer (its meta-schemas, tens
    /// of milliseconds) in runs that compile no schema, as runs with the default typed models do.
    /// </summary>
    private static Assembly JsonSchemaNet { get; } =
        Assembly.Load(typeof(ValidatedDocuments).Assembly.GetReferencedAssemblies().Single(a => a.Name == "JsonSchema.Net"));

    /// <summary>The sha256 of the document's UTF-8 bytes, encoded into a pooled buffer (a copy of every document otherwise).</summary>
    private static string Key(string text)
    {
        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            return Convert.ToHexStringLower(SHA256.HashData(utf8.AsSpan(0, Encoding.UTF8.GetBytes(text, utf8))));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    private static void Optional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static string? Optional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static Dictionary<string, KnownDocument> Decode(ReadOnlyMemory<byte> body)
    {
        using var reader = new BinaryReader(new MemoryStream(body.ToArray(), writable: false));
        var count = reader.ReadInt32();
        var entries = new Dictionary<string, KnownDocument>(Math.Clamp(count, 0, 1 << 20), StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            var (line, kind, apiVersion, name, ns) = (reader.ReadInt32(), reader.ReadString(), reader.ReadString(), reader.ReadString(), Optional(reader));
            var (named, imageLabel, contentHash) = (reader.ReadBoolean(), Optional(reader), Optional(reader));
            var references = new PodReference[Math.Clamp(reader.ReadInt32(), 0, 1 << 16)];
            for (var r = 0; r < references.Length; r++)
            {
                references[r] = new PodReference(reader.ReadString(), reader.ReadString(), reader.ReadString());
            }

            entries[key] = new KnownDocument(line, kind, apiVersion, name, ns, named, imageLabel, contentHash, references, reader.ReadString());
        }

        return entries;
    }
}

/// <summary>What the validation cache keeps of a valid document: who it is and the facts the rules across resources need.</summary>
/// <param name="Line">The line the document starts on within its chunk of text (after leading comments).</param>
/// <param name="Schema">What it was checked against (<see cref="SchemaLayer.Identity"/>).</param>
public sealed record KnownDocument(
    int Line,
    string Kind,
    string ApiVersion,
    string Name,
    string? Namespace,
    bool Named,
    string? ImageLabel,
    string? ContentHash,
    IReadOnlyList<PodReference> References,
    string Schema)
{
    /// <summary>Found in this run: kept when the file is written again.</summary>
    internal bool Seen { get; set; }

    public ResourceFacts Facts(ResourceIdentity identity) => new(identity, Named, ImageLabel, ContentHash, References);
}
