using System.Text.Json;
using System.Text.Json.Serialization;

namespace KanikoImages.Validation.Kubeconform;

/// <summary>kubeconform's -output json report (resources that are not valid, unless -verbose, and the summary).</summary>
public sealed record KubeconformReport(
    [property: JsonPropertyName("resources")] IReadOnlyList<KubeconformResource>? Resources,
    [property: JsonPropertyName("summary")] KubeconformSummary? Summary)
{
    /// <summary>Reads the report; a process that printed something else is a failure with its own words.</summary>
    public static KubeconformReport Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<KubeconformReport>(json)
                ?? throw new ValidationInputException("kubeconform printed no report.");
        }
        catch (JsonException e)
        {
            var start = json.Length > 200 ? json[..200] + "..." : json;
            throw new ValidationInputException($"kubeconform's output is not its JSON report ({e.Message.Split(" Path:")[0]}): {start.Trim()}");
        }
    }
}

public sealed record KubeconformResource(
    [property: JsonPropertyName("filename")] string? Filename,
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("msg")] string? Message,
    [property: JsonPropertyName("validationErrors")] IReadOnlyList<KubeconformError>? ValidationErrors)
{
    public ResourceStatus Verdict => Status switch
    {
        "statusValid" => ResourceStatus.Valid,
        "statusInvalid" => ResourceStatus.Invalid,
        "statusSkipped" => ResourceStatus.Skipped,
        _ => ResourceStatus.Error,
    };
}

public sealed record KubeconformError(
    [property: JsonPropertyName("path")] string? Path,
    [property: JsonPropertyName("msg")] string? Message);

public sealed record KubeconformSummary(
    [property: JsonPropertyName("valid")] int Valid,
    [property: JsonPropertyName("invalid")] int Invalid,
    [property: JsonPropertyName("errors")] int Errors,
    [property: JsonPropertyName("skipped")] int Skipped);
