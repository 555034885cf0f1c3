using KanikoImages.Manifests.Output;

namespace KanikoImages.Validation.Schemas;

/// <summary>
/// The standalone-strict Kubernetes v1.32.2 schemas of the kinds this product generates (Job, ConfigMap,
/// ServiceAccount) and the Argo CD Application CRD schema, compiled into this assembly so validation works offline.
/// </summary>
public static class EmbeddedSchemas
{
    /// <summary>Marks a rendered location as a resource of this assembly.</summary>
    public const string Prefix = "embedded:";

    private const string ResourcePrefix = "schemas/";

    /// <summary>The shipped schema files, e.g. "v1.32.2-standalone-strict/job-batch-v1.json".</summary>
    public static IReadOnlyList<string> Names { get; } =
        typeof(EmbeddedSchemas).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..])
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The text of <paramref name="location"/> ("embedded:name"), or null when it is not shipped.</summary>
    public static string? Read(string location)
    {
        var name = location[Prefix.Length..];
        using var stream = typeof(EmbeddedSchemas).Assembly.GetManifestResourceStream(ResourcePrefix + name);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Writes the shipped schemas under <paramref name="folder"/> in kubeconform's layout (for a kubeconform binary,
    /// which cannot read this assembly) and returns the -schema-location templates that find them.
    /// </summary>
    public static IReadOnlyList<string> ExtractTo(string folder)
    {
        foreach (var name in Names)
        {
            var target = Path.Combine(folder, name);
            if (!File.Exists(target))
            {
                AtomicFile.Write(target, System.Text.Encoding.UTF8.GetBytes(Read(Prefix + name)!));
            }
        }

        var root = folder.Replace('\\', '/').TrimEnd('/');
        return [root + "/" + SchemaLocation.StandardLayout, root + "/" + SchemaLocation.CrdLayout];
    }
}
