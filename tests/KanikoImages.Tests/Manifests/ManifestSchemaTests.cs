using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using KanikoImages.Images;
using KanikoImages.Manifests.Argo;
using KanikoImages.Manifests.Output;
using KanikoImages.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KanikoImages.Tests.Manifests;

/// <summary>
/// The golden output against the strict Kubernetes v1.32.2 schemas (what kubeconform -strict uses) and the
/// Argo CD Application schema of the conformance data (<see cref="Conformance"/>; the product never reads it).
/// </summary>
public sealed class ManifestSchemaTests
{
    /// <summary>Draft 7 that skips the x-kubernetes-* annotations instead of refusing them.</summary>
    private static readonly Dialect Lenient =
        Dialect.Draft07.With([], new Uri("https://kaniko-k8s-images.invalid/draft-07-lenient"), refIgnoresSiblingKeywords: null, allowUnknownKeywords: true);

    internal static readonly string Schemas = Path.Combine(Conformance.Folder, "schemas");

    [SkippableFact]
    public void Every_document_of_the_golden_manifest_is_valid_under_the_strict_schemas()
    {
        Conformance.Require();
        using var images = GoldenCatalog.Create();
        var documents = Documents(images.Generate(GoldenCatalog.Sources()).Manifest.Text());

        Assert.Equal(["ServiceAccount", "ConfigMap", "ConfigMap", "Job", "Job", "ConfigMap", "Job"], documents.Select(d => (string)d["kind"]!));
        foreach (var document in documents)
        {
            var kind = ((string)document["kind"]!).ToLowerInvariant();
            var apiVersion = (string)document["apiVersion"]!;
            var group = apiVersion.Contains('/') ? "-" + apiVersion.Split('/')[0].Split('.')[0] : "";
            var file = Path.Combine(Schemas, "v1.32.2-standalone-strict", $"{kind}{group}-{apiVersion.Split('/')[^1]}.json");
            AssertValid(file, document);
        }
    }

    [SkippableFact]
    public void The_application_is_valid_under_the_argo_cd_schema()
    {
        Conformance.Require();
        using var images = GoldenCatalog.Create();
        var application = Documents(images.Generate(GoldenCatalog.Sources()).Application!.Text()).Single();

        AssertValid(Path.Combine(Schemas, "crds", "argoproj.io", "application_v1alpha1.json"), application);
    }

    [SkippableFact]
    public void A_configured_application_is_valid_and_a_misspelled_retry_key_is_not()
    {
        Conformance.Require();
        var settings = new CatalogSettings
        {
            Registry = "registry.example.com/team",
            Git = new GitSettings { Url = "https://git.example.com/images.git" },
            ArgoCd = new ArgoCdSettings
            {
                CascadeDelete = false,
                PodSecurity = PodSecurityLevel.Privileged,
                Retry = new SyncRetrySettings { Limit = 0, BackoffDuration = TimeSpan.FromSeconds(90), BackoffFactor = 3, BackoffMaxDuration = TimeSpan.FromMinutes(90) },
            },
        };
        var application = Documents(ManifestSerializer.Application(ApplicationBuilder.Build(settings)).Text()).Single();
        var schema = Path.Combine(Schemas, "crds", "argoproj.io", "application_v1alpha1.json");

        AssertValid(schema, application);
        Assert.Null(application["metadata"]!["finalizers"]);
        Assert.Equal("privileged", (string)application["spec"]!["syncPolicy"]!["managedNamespaceMetadata"]!["labels"]!["pod-security.kubernetes.io/enforce"]!);
        Assert.Equal(0, (long)application["spec"]!["syncPolicy"]!["retry"]!["limit"]!);
        Assert.Equal("1m30s", (string)application["spec"]!["syncPolicy"]!["retry"]!["backoff"]!["duration"]!);
        Assert.Equal("1h30m", (string)application["spec"]!["syncPolicy"]!["retry"]!["backoff"]!["maxDuration"]!);
        application["spec"]!["syncPolicy"]!["retry"]!["backof"] = new JsonObject();
        Assert.False(Schema(schema).Evaluate(Element(application)).IsValid);
    }

    [SkippableFact]
    public void The_strict_schema_rejects_an_unknown_field()
    {
        Conformance.Require();
        // The check above can fail: the same Job with one extra field is invalid.
        using var images = GoldenCatalog.Create();
        var job = Documents(images.Generate(GoldenCatalog.Sources()).Manifest.Text()).First(d => (string)d["kind"]! == "Job");
        job["spec"]!["templates"] = new JsonObject();

        var result = Schema(Path.Combine(Schemas, "v1.32.2-standalone-strict", "job-batch-v1.json")).Evaluate(Element(job));

        Assert.False(result.IsValid);
    }

    internal static void AssertValid(string schemaFile, JsonNode document)
    {
        var result = Schema(schemaFile).Evaluate(Element(document), new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(result.IsValid, $"{document["kind"]} {document["metadata"]?["name"]} against {Path.GetFileName(schemaFile)}:\n{string.Join('\n', errors)}");
    }

    /// <summary>Every document of a generated manifest against the strict standalone schema of its kind (Kubernetes 1.32.2).</summary>
    internal static void AssertStrictlyValid(string manifest)
    {
        Conformance.Require();
        foreach (var document in Documents(manifest))
        {
            var kind = ((string)document["kind"]!).ToLowerInvariant();
            var file = kind == "job" ? "job-batch-v1.json" : $"{kind}-v1.json";
            AssertValid(Path.Combine(Schemas, "v1.32.2-standalone-strict", file), document);
        }
    }

    private static JsonElement Element(JsonNode node) => JsonSerializer.SerializeToElement(node);

    private static JsonSchema Schema(string file)
    {
        // The files name draft-04 loosely ("http://json-schema.org/schema#"), which the library does not know.
        var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        json.Remove("$schema");
        return JsonSchema.FromText(json.ToJsonString(), new BuildOptions { Dialect = Lenient });
    }

    /// <summary>The YAML documents as JSON, with YAML's own typing: plain numbers and booleans, quoted strings.</summary>
    internal static List<JsonNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => ToJson(d.RootNode)!).ToList();
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c =>
            KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } s when s.Value is "true" or "false" => JsonValue.Create(s.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } s when long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "null" or "~" } => null,
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => throw new InvalidOperationException(node.NodeType.ToString()),
    };
}
