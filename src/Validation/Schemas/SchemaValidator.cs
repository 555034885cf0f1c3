using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using KanikoImages.Images.Configuration;
using KanikoImages.Validation.Resources;

namespace KanikoImages.Validation.Schemas;

/// <summary>
/// Checks one resource against its JSON schema and words the failures as kubeconform does
/// ("got string, want integer or null", "additional properties 'templates' not allowed").
/// </summary>
public static partial class SchemaValidator
{
    // A flag answer first (it stops at the first failure); the detailed tree only for the few invalid documents.
    private static readonly EvaluationOptions Verdict = new()
    {
        OutputFormat = OutputFormat.Flag,
        RequireFormatValidation = true,
        FormatRegistry = KubernetesFormats.Registry,
    };

    private static readonly EvaluationOptions Details = new()
    {
        OutputFormat = OutputFormat.Hierarchical,
        RequireFormatValidation = true,
        FormatRegistry = KubernetesFormats.Registry,
    };

    // The reader already refused anything nested deeper than BoundedYamlParser.MaxDepth; JSON's default is 64.
    private static readonly JsonSerializerOptions Instance = new() { MaxDepth = BoundedYamlParser.MaxDepth + 1 };

    public static IReadOnlyList<Finding> Validate(ManifestResource resource, JsonSchema schema)
    {
        var instance = JsonSerializer.SerializeToElement(resource.Object, Instance);
        if (schema.Evaluate(instance, Verdict).IsValid)
        {
            return [];
        }

        var results = schema.Evaluate(instance, Details);

        var findings = new List<Finding>();
        Collect(results, resource, findings);
        return findings.Distinct().ToList();
    }

    /// <summary>Errors of failed nodes only: a oneOf branch that failed while another matched is no problem.</summary>
    private static void Collect(EvaluationResults node, ManifestResource resource, List<Finding> findings)
    {
        if (node.IsValid)
        {
            return;
        }

        foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
        {
            findings.Add(Describe(node, keyword, message, resource));
        }

        foreach (var child in node.Details ?? [])
        {
            Collect(child, resource, findings);
        }
    }

    private static Finding Describe(EvaluationResults node, string keyword, string message, ManifestResource resource)
    {
        var path = node.InstanceLocation.ToString();
        var evaluation = node.EvaluationPath.ToString();
        if (evaluation.EndsWith("/additionalProperties", StringComparison.Ordinal))
        {
            var cut = path.LastIndexOf('/');
            var property = JsonText.Unescape(path[(cut + 1)..]);
            return Finding.For(resource, cut <= 0 ? "/" : path[..cut], $"additional properties '{property}' not allowed", ResourceStatus.Invalid, Layers.Schema);
        }

        if (keyword == "type" && TypeMessage().Match(message) is { Success: true } type)
        {
            message = $"got {type.Groups[1].Value}, want {type.Groups[2].Value.Replace(", ", " or ", StringComparison.Ordinal)}";
        }

        return Finding.For(resource, path.Length == 0 ? "/" : path, message, ResourceStatus.Invalid, Layers.Schema);
    }

    [GeneratedRegex("^Value is \"(\\w+)\" but should be \"([^\"]+)\"$")]
    private static partial Regex TypeMessage();
}
