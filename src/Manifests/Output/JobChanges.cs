using System.Security.Cryptography;
using System.Text;
using KanikoImages.Images.Configuration;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KanikoImages.Manifests.Output;

public enum JobChangeKind
{
    /// <summary>A new image: its Job is created.</summary>
    Added,

    /// <summary>The image's content changed: a new Job name, Argo CD prunes the old Job and the new one builds.</summary>
    Rebuilt,

    /// <summary>Same content, different template (e.g. a new executor): Argo CD replaces the Job, the guard skips the build.</summary>
    TemplateChanged,

    /// <summary>The image is gone: Argo CD prunes its Job.</summary>
    Removed,
}

public sealed record JobChange(string Image, JobChangeKind Kind, string? OldJob, string? NewJob);

/// <summary>One image's Jobs as written: each Job's name and its document's UTF-8 text, in order.</summary>
public sealed record JobDocument(string Image, IReadOnlyList<string> Names, IReadOnlyList<byte[]> Yaml)
{
    /// <summary>The last Job: the image's only build, or a multi-platform image's index Job.</summary>
    public string Name => Names[^1];
}

/// <summary>
/// Which images' Jobs differ between two versions of the manifest, by image label: for the GenerateManifests log
/// and Publish's commit message. Documents are compared by a digest of their text (the writer is deterministic,
/// so the same Job is the same text); a file is read one document at a time and only parsed as far as each
/// Job's metadata, and not at all where it is a document this run wrote, so the comparison stays cheap for 10,000
/// images.
/// </summary>
public static class JobChanges
{
    /// <param name="previousManifest">The manifest as it was before this run; null when there was none.</param>
    /// <param name="jobs">The Jobs as just generated.</param>
    public static IReadOnlyList<JobChange> Compare(TextReader? previousManifest, IEnumerable<JobDocument> jobs)
    {
        var after = new Dictionary<string, Job>(StringComparer.Ordinal);
        var written = new Dictionary<string, (string Image, string Name)>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            byte[]? digest = null;
            for (var i = 0; i < job.Yaml.Count; i++)
            {
                var document = SHA256.HashData(job.Yaml[i]);
                digest = Chain(digest, document);
                written.TryAdd(Convert.ToHexStringLower(document), (job.Image, job.Names[i]));
            }

            after.Add(job.Image, new Job(job.Name, digest!));
        }

        return Compare(previousManifest is null ? [] : ReadJobs(previousManifest, written), after);
    }

    /// <param name="before">One version of a manifest; null when there was none.</param>
    /// <param name="after">The other version; null when there is none.</param>
    public static IReadOnlyList<JobChange> Compare(TextReader? before, TextReader? after) =>
        Compare(before is null ? [] : ReadJobs(before, NoneWritten), after is null ? [] : ReadJobs(after, NoneWritten));

    private static List<JobChange> Compare(Dictionary<string, Job> before, Dictionary<string, Job> after)
    {
        var changes = new List<JobChange>();
        foreach (var image in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var old = before.GetValueOrDefault(image);
            var job = after.GetValueOrDefault(image);
            JobChangeKind? kind = (old, job) switch
            {
                (null, _) => JobChangeKind.Added,
                (_, null) => JobChangeKind.Removed,
                _ when old.Name != job.Name => JobChangeKind.Rebuilt,
                _ when !old.Digest.AsSpan().SequenceEqual(job.Digest) => JobChangeKind.TemplateChanged,
                _ => null,
            };
            if (kind is { } k)
            {
                changes.Add(new JobChange(image, k, old?.Name, job?.Name));
            }
        }

        return changes;
    }

    /// <summary>The name of an image's last Job and a digest over all its Job documents.</summary>
    private sealed record Job(string Name, byte[] Digest);

    /// <summary>For two manifests read from text: no document is known as written by this run, each one is parsed.</summary>
    private static readonly Dictionary<string, (string Image, string Name)> NoneWritten = [];

    /// <summary>
    /// An image's digest: its one Job document's, or each further document's (a multi-platform image's) chained to
    /// the ones before.
    /// </summary>
    private static byte[] Chain(byte[]? before, byte[] document) =>
        before is null ? document : SHA256.HashData([.. before, .. document]);

    /// <summary>
    /// A manifest's Jobs by image. A document's text is compared without its "---" line and the comment lines
    /// before it (the file's header), with CRLF read as LF and a final line feed (git output captured by lines
    /// loses it), so it is the text the writer produced for it.
    /// </summary>
    /// <param name="written">The Job of each document this run wrote, by the document's digest (hex).</param>
    private static Dictionary<string, Job> ReadJobs(TextReader manifest, IReadOnlyDictionary<string, (string Image, string Name)> written)
    {
        var jobs = new Dictionary<string, Job>(StringComparer.Ordinal);
        try
        {
            foreach (var document in DocumentSplitter.Split(manifest))
            {
                Add(jobs, WrittenText(document.Text), written);
            }
        }
        catch (InvalidDataException)
        {
            // A document too large for any object: the rest counts as absent, like a broken document.
        }

        return jobs;
    }

    private static string WrittenText(string document)
    {
        var text = document.Replace("\r\n", "\n", StringComparison.Ordinal);
        var start = 0;
        while (start < text.Length && (text[start] == '#' || (start == 0 && text.StartsWith("---", StringComparison.Ordinal))))
        {
            var end = text.IndexOf('\n', start);
            start = end < 0 ? text.Length : end + 1;
        }

        return text.EndsWith('\n') || start == text.Length ? text[start..] : text[start..] + "\n";
    }

    private static void Add(Dictionary<string, Job> jobs, string document, IReadOnlyDictionary<string, (string Image, string Name)> written)
    {
        try
        {
            var digest = SHA256.HashData(Encoding.UTF8.GetBytes(document));
            // A document with exactly the bytes of one this run wrote is that Job: its identity needs no parsing (most
            // of a 10,000-image manifest is unchanged from run to run).
            if ((written.TryGetValue(Convert.ToHexStringLower(digest), out var known) ? known : JobIdentity(document)) is { } id)
            {
                jobs[id.Image] = new Job(id.Name, Chain(jobs.GetValueOrDefault(id.Image)?.Digest, digest));
            }
        }
        catch (YamlException)
        {
            // Counts as absent: the comparison only reports, it never refuses a manifest (Validate does).
        }
    }

    /// <summary>kind, metadata.name and the image label of a document, read event by event from the top.</summary>
    private static (string Image, string Name)? JobIdentity(string document)
    {
        var parser = new BoundedYamlParser(new StringReader(document));
        string? kind = null, name = null, image = null;
        var path = new List<string?>(); // the key of each open mapping or sequence; "[]" inside a sequence
        string? key = null;
        while (parser.MoveNext())
        {
            var inSequence = path.Count > 0 && path[^1] == "[]";
            switch (parser.Current)
            {
                case MappingStart:
                    path.Add(key);
                    key = null;
                    break;
                case SequenceStart:
                    path.Add(key);
                    path.Add("[]");
                    key = null;
                    break;
                case MappingEnd:
                    path.RemoveAt(path.Count - 1);
                    key = null;
                    break;
                case SequenceEnd:
                    path.RemoveRange(path.Count - 2, 2);
                    key = null;
                    break;
                case Scalar when inSequence:
                    break;
                case Scalar scalar when key is null:
                    key = scalar.Value;
                    break;
                case Scalar scalar:
                    var at = string.Join('/', path.Skip(1)) + "/" + key;
                    (kind, name, image) = at switch
                    {
                        "/kind" => (scalar.Value, name, image),
                        "metadata/name" => (kind, scalar.Value, image),
                        "metadata/labels/" + ManifestConventions.ImageLabel => (kind, name, scalar.Value),
                        _ => (kind, name, image),
                    };
                    key = null;
                    break;
            }

            if (kind is not null && name is not null && image is not null)
            {
                return kind == "Job" ? (image, name) : null;
            }
        }

        return null;
    }
}
