using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KanikoImages.Manifests;
using KanikoImages.Manifests.Output;
using KanikoImages.Validation.Resources;

namespace KanikoImages.Validation.Generated;

/// <summary>
/// Whether a Job pinned to <paramref name="commit"/> builds what the checked commit holds: the commit is in its
/// history and <paramref name="paths"/> (the image's folder, context and Dockerfile) are the same there.
/// </summary>
public delegate bool SameSourcesAt(string commit, IReadOnlyList<string> paths);

/// <summary>
/// The proof that deploy/ is generated, not just valid: GenerateManifests' output for the same commit, made in
/// memory, must be byte for byte what deploy/ holds, and deploy/ holds nothing else. The one tolerated
/// difference is a Job's pinned commit, which depends on when it was generated: a Job may be unpinned (generated
/// before its image was committed) or pinned to an earlier commit that holds the same sources.
/// </summary>
public static partial class GeneratedDeployCheck
{
    public const string Layer = "generated";

    public static IReadOnlyList<Finding> Check(string repositoryRoot, GeneratedManifests generated, SameSourcesAt? sameSources)
    {
        var findings = DeployFolder.ForeignEntries(repositoryRoot, ManifestConventions.GeneratedPaths)
            .Select(message => FileFinding(message.Split(':')[0], message))
            .ToList();
        var images = generated.Images.SelectMany(i => i.JobNames, (image, job) => (image, job)).ToDictionary(p => p.job, p => p.image, StringComparer.Ordinal);
        foreach (var (path, expected) in new[] { (ManifestConventions.ManifestPath, generated.Manifest), (ManifestConventions.ApplicationPath, generated.Application) })
        {
            var full = Path.Combine(repositoryRoot, path);
            if (expected is null)
            {
                if (File.Exists(full))
                {
                    findings.Add(FileFinding(path, $"{path}: GenerateManifests does not write it (git.url is not set); remove it."));
                }

                continue;
            }

            if (!File.Exists(full))
            {
                findings.Add(FileFinding(path, $"{path}: missing; run ./build.sh GenerateManifests and commit it."));
                continue;
            }

            using (var stream = File.OpenRead(full))
            {
                if (expected.SameAs(stream))
                {
                    continue;
                }
            }

            findings.AddRange(Compare(path, full, expected, images, sameSources));
        }

        return findings;
    }

    /// <summary>Foreign kinds first, then the first document that differs, with the path of its first difference.</summary>
    private static IEnumerable<Finding> Compare(
        string path,
        string full,
        GeneratedFile expected,
        IReadOnlyDictionary<string, GeneratedImage> images,
        SameSourcesAt? sameSources)
    {
        var kinds = ManifestConventions.GeneratedKinds[path];
        List<Finding> foreign = [];
        using var expectedReader = new StreamReader(new MemoryStream(Concat(expected)), Encoding.UTF8);
        var expectedDocuments = DocumentSplitter.Split(expectedReader).ToList();
        List<DocumentText> actualDocuments;
        try
        {
            using var actualReader = File.OpenText(full);
            actualDocuments = DocumentSplitter.Split(actualReader).ToList();
        }
        catch (InvalidDataException e)
        {
            // Far beyond anything generated (a line of gigabytes): it differs, and the reader names the line.
            actualDocuments = [];
            foreign = [FileFinding(path, $"{Differs(path)}: {path}: {e.Message}")];
        }

        if (foreign.Count > 0)
        {
            foreach (var finding in foreign)
            {
                yield return finding;
            }

            yield break;
        }
        // A document with exactly the generated text at its place is of a generated kind and needs no parsing; the
        // others are parsed one at a time and only their kind and name kept (a manifest is never held as trees).
        var identities = new (string? Kind, string? Name, bool Parsed)[actualDocuments.Count];
        for (var d = 0; d < actualDocuments.Count; d++)
        {
            if (d >= expectedDocuments.Count || actualDocuments[d].Text != expectedDocuments[d].Text)
            {
                var node = Parse(actualDocuments[d].Text);
                identities[d] = (Text(node, "kind"), Text(node, "metadata", "name"), node is not null);
            }
        }

        // Findings name documents as the reader counts them: without the empty ones (a header of comments).
        var indexes = new int[actualDocuments.Count + 1];
        for (var d = 0; d < actualDocuments.Count; d++)
        {
            indexes[d + 1] = indexes[d] + (IsEmpty(actualDocuments[d].Text) ? 0 : 1);
        }

        int Index(int d) => indexes[Math.Min(d, actualDocuments.Count)];

        foreign = identities
            .Select((identity, index) => (identity.Kind, identity.Name, identity.Parsed, Index: index))
            .Where(d => d.Parsed && !kinds.Contains(d.Kind ?? ""))
            .Select(d => Finding(path, Index(d.Index), d.Kind, d.Name,
                $"{path}: kind {d.Kind ?? "(none)"} is never generated (it holds only {string.Join(", ", kinds.Order(StringComparer.Ordinal))}); deploy/ must be exactly what GenerateManifests produces.",
                "",
                actualDocuments[d.Index]))
            .ToList();
        if (foreign.Count > 0)
        {
            foreach (var finding in foreign)
            {
                yield return finding;
            }

            yield break;
        }

        for (var i = 0; i < Math.Max(actualDocuments.Count, expectedDocuments.Count); i++)
        {
            if (i >= actualDocuments.Count)
            {
                var missing = Parse(expectedDocuments[i].Text);
                yield return Finding(path, -1, missing, $"{Differs(path)}: {Describe(missing)} is missing.", "");
                yield break;
            }

            if (i >= expectedDocuments.Count)
            {
                var extra = Parse(actualDocuments[i].Text);
                yield return Finding(path, Index(i), extra, $"{Differs(path)}: {Describe(extra)} is not generated.", "", actualDocuments[i]);
                yield break;
            }

            var actual = actualDocuments[i].Text;
            var wanted = expectedDocuments[i].Text;
            if (actual == wanted || OnlyThePinDiffers(actual, wanted, identities[i].Name, images, sameSources))
            {
                continue;
            }

            var node = Parse(actual);
            var difference = FirstDifference(node, Parse(wanted), "") is { } found
                ? (Pointer: found, Where: Dotted(found))
                : (Pointer: "", Where: $"line {actualDocuments[i].FirstLine + FirstDifferentLine(actual, wanted)} (text only)");
            yield return Finding(path, IsEmpty(actual) ? -1 : Index(i), node, $"{Differs(path)}: {Describe(node)} {difference.Where}", difference.Pointer, actualDocuments[i]);
            yield break;
        }
    }

    private static string Differs(string path) => $"{path} differs from what GenerateManifests produces";

    /// <summary>
    /// A Job that differs only in the commit it is pinned to (its git context's commit and the revision label):
    /// fine when it is unpinned, or pinned to a commit that holds the same sources as this one.
    /// </summary>
    private static bool OnlyThePinDiffers(
        string actual,
        string wanted,
        string? name,
        IReadOnlyDictionary<string, GeneratedImage> images,
        SameSourcesAt? sameSources)
    {
        if (Unpinned(actual) != Unpinned(wanted))
        {
            return false;
        }

        var pins = PinnedCommits(actual);
        if (pins.Count == 0)
        {
            return true;
        }

        return pins.Count == 1
               && sameSources is not null
               && name is not null
               && images.TryGetValue(name, out var image)
               && sameSources(pins.Single(), [image.Image.Folder, image.Image.Context, image.Image.Dockerfile]);
    }

    private static string Unpinned(string document) => ContextPin().Replace(RevisionLabel().Replace(document, ""), "$1");

    private static IReadOnlySet<string> PinnedCommits(string document) =>
        ContextPin().Matches(document).Select(m => m.Groups[2].Value)
            .Concat(RevisionLabel().Matches(document).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"^[ \t]*- --label=org\.opencontainers\.image\.revision=([0-9a-f]{40,64})\n", RegexOptions.Multiline)]
    private static partial Regex RevisionLabel();

    [GeneratedRegex(@"(--context=git://[^\s#]+#refs/heads/[^\s#]+)#([0-9a-f]{40,64})$", RegexOptions.Multiline)]
    private static partial Regex ContextPin();

    /// <summary>The JSON pointer of the first value that differs, in the generated document's key order; null when none does.</summary>
    private static string? FirstDifference(JsonNode? actual, JsonNode? expected, string pointer)
    {
        switch (actual, expected)
        {
            case (JsonObject a, JsonObject e):
                foreach (var (key, value) in e)
                {
                    var child = pointer + "/" + JsonText.Segment(key);
                    if (!a.ContainsKey(key))
                    {
                        return child;
                    }

                    if (FirstDifference(a[key], value, child) is { } found)
                    {
                        return found;
                    }
                }

                return a.Select(p => p.Key).FirstOrDefault(key => !e.ContainsKey(key)) is { } extra
                    ? pointer + "/" + JsonText.Segment(extra)
                    : null;
            case (JsonArray a, JsonArray e):
                for (var i = 0; i < Math.Max(a.Count, e.Count); i++)
                {
                    if (i >= a.Count || i >= e.Count)
                    {
                        return $"{pointer}/{i}";
                    }

                    if (FirstDifference(a[i], e[i], $"{pointer}/{i}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return JsonNode.DeepEquals(actual, expected) ? null : pointer;
        }
    }

    /// <summary>A JSON pointer as people write a field: spec.template.spec.containers[0].args[2].</summary>
    private static string Dotted(string pointer)
    {
        if (pointer.Length == 0)
        {
            return "(the whole document)";
        }

        var text = new StringBuilder();
        foreach (var segment in pointer[1..].Split('/').Select(s => s.Replace("~1", "/").Replace("~0", "~")))
        {
            if (int.TryParse(segment, out var index) && index >= 0)
            {
                text.Append('[').Append(index).Append(']');
            }
            else
            {
                text.Append(text.Length == 0 ? "" : ".").Append(segment.Contains('.') || segment.Contains('/') ? $"[\"{segment}\"]" : segment);
            }
        }

        return text.ToString().Replace(".[\"", "[\"");
    }

    private static bool IsEmpty(string document) =>
        document.Split('\n').All(line => line.Trim() is "" or "---" || line.TrimStart().StartsWith('#'));

    private static int FirstDifferentLine(string actual, string wanted)
    {
        var a = actual.Split('\n');
        var e = wanted.Split('\n');
        var line = 0;
        while (line < a.Length && line < e.Length && a[line] == e[line])
        {
            line++;
        }

        return line;
    }

    private static JsonNode? Parse(string text)
    {
        try
        {
            return YamlJsonConverter.Documents(text, rejectDuplicateKeys: false).FirstOrDefault().Node;
        }
        catch (Exception e) when (e is YamlDocumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Describe(JsonNode? node) =>
        node is null ? "a document" : Validation.Finding.Display(Text(node, "kind") ?? "", Text(node, "metadata", "name") ?? "");

    private static string? Text(JsonNode? node, params string[] keys)
    {
        foreach (var key in keys)
        {
            node = node is JsonObject o ? o[key] : null;
        }

        return JsonText.Of(node);
    }

    private static Finding Finding(string file, int index, JsonNode? node, string message, string pointer, DocumentText? document = null) =>
        Finding(file, index, Text(node, "kind"), Text(node, "metadata", "name"), message, pointer, document);

    private static Finding Finding(string file, int index, string? kind, string? name, string message, string pointer, DocumentText? document = null) =>
        new(file, index, kind ?? "", name ?? "", pointer, message, ResourceStatus.Invalid, Layer)
        {
            Line = document is null ? 0 : document.FirstLine + document.Text.Split('\n').TakeWhile(l => IsEmpty(l)).Count(),
        };

    private static Finding FileFinding(string file, string message) =>
        new(file, -1, "", "", "", message, ResourceStatus.Invalid, Layer);

    private static byte[] Concat(GeneratedFile file)
    {
        var stream = new MemoryStream();
        file.WriteTo(stream);
        return stream.ToArray();
    }
}
