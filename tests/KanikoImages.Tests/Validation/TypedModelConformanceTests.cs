using System.Text.Json.Nodes;
using KanikoImages.Manifests;
using KanikoImages.Tests.Support;
using KanikoImages.Validation;
using KanikoImages.Validation.Resources;
using KanikoImages.Validation.Schemas;

namespace KanikoImages.Tests.Validation;

/// <summary>
/// The typed models against the schemas kubeconform reads (../shared/conformance: the v1.32.2 strict schemas and
/// Argo CD's Application CRD schema): on every field of the sample deploy/, dropping it is "missing property" for
/// the typed model exactly when the schema requires it.
/// </summary>
public sealed class TypedModelConformanceTests
{
    private static readonly string Schemas = Path.Combine(Paths.Shared, "conformance", "schemas");

    public static TheoryData<string, string> Kinds() => new()
    {
        { "ServiceAccount", "v1.32.2-standalone-strict/serviceaccount-v1.json" },
        { "ConfigMap", "v1.32.2-standalone-strict/configmap-v1.json" },
        { "Job", "v1.32.2-standalone-strict/job-batch-v1.json" },
        { "Application", "crds/argoproj.io/application_v1alpha1.json" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Dropping_a_field_is_missing_for_the_typed_model_when_the_schema_requires_it(string kind, string schemaFile)
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(Schemas, schemaFile)))!.AsObject();
        var resource = SampleDeploy().First(r => r.Kind == kind);
        Assert.Empty(TypedModelValidator.Validate(resource, strict: true));

        var disagreements = new List<string>();
        var checkedFields = 0;
        // apiVersion and kind pick the model; the reader refuses a document without them.
        foreach (var (path, field, requiredBySchema) in Fields(resource.Object!, schema, "").Where(f => f.Path.Length > 0 || f.Field is not ("apiVersion" or "kind")))
        {
            var changed = resource.Object!.DeepClone().AsObject();
            Remove(changed, path, field);
            var missing = TypedModelValidator.Validate(resource with { Object = changed }, strict: true)
                .Any(f => f.Path == (path.Length == 0 ? "/" : path) && f.Message == $"missing property '{field}'");
            checkedFields++;

            // The Application model also requires what the project always writes (names, source, destination).
            if (requiredBySchema != missing && (requiredBySchema || kind != "Application"))
            {
                disagreements.Add($"{path}/{field}: schema {(requiredBySchema ? "requires" : "does not require")} it, typed model {(missing ? "does" : "does not")}");
            }
        }

        Assert.True(checkedFields > (kind == "Job" ? 50 : 3), $"only {checkedFields} fields checked");
        Assert.True(disagreements.Count == 0, string.Join('\n', disagreements));
    }

    private static IReadOnlyList<ManifestResource> SampleDeploy() => new ResourceReader(strict: true).Read(
        [Path.Combine(Paths.RepositoryRoot, ManifestConventions.ManifestPath), Path.Combine(Paths.RepositoryRoot, ManifestConventions.ApplicationPath)]).ToList();

    /// <summary>Every field of the document under an object schema: its parent's path, its name, whether the schema requires it.</summary>
    private static IEnumerable<(string Path, string Field, bool Required)> Fields(JsonNode? node, JsonObject? schema, string path)
    {
        var properties = schema?["properties"] as JsonObject;
        var items = schema?["items"] as JsonObject;
        switch (node)
        {
            case JsonObject obj when properties is not null:
                var required = (schema!["required"] as JsonArray)?.Select(r => (string)r!).ToHashSet() ?? [];
                foreach (var (key, value) in obj)
                {
                    yield return (path, key, required.Contains(key));
                    foreach (var inner in Fields(value, properties[key] as JsonObject, path + "/" + JsonText.Segment(key)))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray array when items is not null:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var inner in Fields(array[i], items, $"{path}/{i}"))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    private static void Remove(JsonObject root, string path, string field)
    {
        JsonNode node = root;
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node is JsonArray array ? array[int.Parse(segment)]! : node[JsonText.Unescape(segment)]!;
        }

        node.AsObject().Remove(field);
    }
}
