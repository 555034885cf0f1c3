using System.Text.RegularExpressions;

namespace KanikoImages.Validation.Schemas;

/// <summary>
/// One -schema-location as kubeconform reads it: a folder or URL (the standard layout is appended), a path or URL
/// template with {{ .NormalizedKubernetesVersion }}, {{ .StrictSuffix }}, {{ .ResourceKind }}, {{ .KindSuffix }},
/// {{ .Group }} and {{ .ResourceAPIVersion }}, the word "default" (kubeconform's own default location) or the word
/// "typed-model" (the offline check of the kinds this project generates, <see cref="TypedModelValidator"/>).
/// </summary>
public sealed partial class SchemaLocation
{
    /// <summary>The word for kubeconform's default location.</summary>
    public const string Default = "default";

    /// <summary>The word for the typed-model check of the generated kinds (no schema file; kubeconform cannot use it).</summary>
    public const string TypedModel = "typed-model";

    /// <summary>kubeconform's default: yannh/kubernetes-json-schema, which follows Kubernetes releases.</summary>
    public const string DefaultTemplate =
        "https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/" + StandardLayout;

    /// <summary>The layout kubeconform appends to a location that does not name a .json file.</summary>
    public const string StandardLayout =
        "{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json";

    private static readonly string[] Variables =
        ["NormalizedKubernetesVersion", "StrictSuffix", "ResourceKind", "KindSuffix", "Group", "ResourceAPIVersion", "KubernetesVersion"];

    private SchemaLocation(string option, IReadOnlyList<string> templates)
    {
        Option = option;
        Templates = templates;
    }

    /// <summary>The location as it was given.</summary>
    public string Option { get; }

    /// <summary>The templates tried in order (none for the typed-model location).</summary>
    public IReadOnlyList<string> Templates { get; }

    /// <summary>The typed-model location: the generated kinds are checked against their typed models.</summary>
    public bool IsTypedModel => Option == TypedModel;

    /// <summary>Reads one --schema-location value; a local folder that does not exist is a user error.</summary>
    public static SchemaLocation Parse(string option)
    {
        switch (option)
        {
            case Default:
                return new SchemaLocation(option, [DefaultTemplate]);
            case TypedModel:
                return new SchemaLocation(option, []);
        }

        var template = option.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? option : option.TrimEnd('/', '\\') + "/" + StandardLayout;
        foreach (Match match in Variable().Matches(template))
        {
            if (!Variables.Contains(match.Groups[1].Value))
            {
                throw new ValidationInputException(
                    $"--schema-location {option}: unknown template variable {match.Value} (known: {string.Join(", ", Variables.Select(v => "{{ ." + v + " }}"))}).");
            }
        }

        if (!IsRemote(template))
        {
            var folder = StaticFolder(template);
            if (!Directory.Exists(folder))
            {
                throw new ValidationInputException($"--schema-location {option}: the schema folder {folder} does not exist.");
            }
        }

        return new SchemaLocation(option, [template]);
    }

    public static bool IsRemote(string location) =>
        location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The template filled in for one resource type.</summary>
    public static string Render(string template, ResourceType type, string kubernetesVersion, bool strict) =>
        Variable().Replace(template, match => match.Groups[1].Value switch
        {
            "NormalizedKubernetesVersion" => kubernetesVersion == "master" ? "master" : "v" + kubernetesVersion.TrimStart('v'),
            "KubernetesVersion" => kubernetesVersion.TrimStart('v'),
            "StrictSuffix" => strict ? "-strict" : "",
            "ResourceKind" => type.Kind.ToLowerInvariant(),
            "KindSuffix" => type.KindSuffix,
            "Group" => type.Group,
            "ResourceAPIVersion" => type.Version,
            _ => match.Value,
        });

    public override string ToString() => Option;

    /// <summary>The part of a local template before its first variable, cut back to a whole folder.</summary>
    private static string StaticFolder(string template)
    {
        var fixedPart = template.Split("{{")[0];
        var cut = Math.Max(fixedPart.LastIndexOf('/'), fixedPart.LastIndexOf('\\'));
        return cut <= 0 ? (cut == 0 ? "/" : ".") : fixedPart[..cut];
    }

    [GeneratedRegex(@"\{\{\s*\.(\w+)\s*\}\}")]
    private static partial Regex Variable();
}
