using System.Globalization;
using System.Text.RegularExpressions;

namespace KanikoImages.Images.Configuration;

/// <summary>
/// Parses and checks setting values as written in YAML, on the command line or in the environment. Each parser
/// throws <see cref="FormatException"/> with the user-facing reason; the caller adds where the value came from.
/// </summary>
internal static partial class SettingValues
{
    /// <summary>A Go-style duration as kubectl and kaniko write them: "90s", "30m", "1h", "1h30m".</summary>
    public static TimeSpan Duration(string value)
    {
        var match = DurationPattern().Match(value.Trim());
        if (!match.Success || value.Trim().Length == 0)
        {
            throw new FormatException($"'{value}' is not a duration; write e.g. 30m, 1h or 1h30m");
        }

        var duration = TimeSpan.FromHours(Number(match.Groups["h"])) + TimeSpan.FromMinutes(Number(match.Groups["m"]))
            + TimeSpan.FromSeconds(Number(match.Groups["s"]));
        return duration > TimeSpan.Zero ? duration : throw new FormatException($"'{value}' must be longer than zero");

        static int Number(Group group) => group.Success ? int.Parse(group.Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>A Kubernetes resource quantity ("500m", "2", "1Gi", "1.5"), kept as written.</summary>
    public static string Quantity(string value) =>
        QuantityPattern().IsMatch(value) ? value : throw new FormatException($"'{value}' is not a Kubernetes quantity; write e.g. 500m, 2, 512Mi or 4Gi");

    public static ContextMode ContextMode(string value) => value.ToLowerInvariant() switch
    {
        "auto" => Images.ContextMode.Auto,
        "configmap" => Images.ContextMode.ConfigMap,
        "git" => Images.ContextMode.Git,
        _ => throw new FormatException($"'{value}' is not a context mode; use auto, configmap or git"),
    };

    public static int NonNegativeInteger(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"'{value}' is not a whole number >= 0");

    public static int PositiveInteger(string value) =>
        NonNegativeInteger(value) is var number and > 0 ? number : throw new FormatException($"'{value}' is not a whole number >= 1");

    public static bool Boolean(string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new FormatException($"'{value}' is not a boolean; write true or false"),
    };

    public static PodSecurityLevel PodSecurity(string value) => value.Trim().ToLowerInvariant() switch
    {
        "baseline" => PodSecurityLevel.Baseline,
        "privileged" => PodSecurityLevel.Privileged,
        "restricted" => throw new FormatException(
            "'restricted' would reject every build pod: kaniko runs as root (restricted requires runAsNonRoot and drops all capabilities); use baseline"),
        _ => throw new FormatException($"'{value}' is not a Pod Security level; use baseline or privileged"),
    };

    /// <summary>A Kubernetes object name usable as a label value too (DNS-1123 label).</summary>
    public static string KubernetesName(string value) =>
        Discovery.KubernetesName.IsLabel(value) ? value : throw new FormatException($"'{value}' is not a valid Kubernetes name (lower-case letters, digits and '-', at most 63)");

    public static string NonEmpty(string value) =>
        value.Trim().Length > 0 ? value.Trim() : throw new FormatException("must not be empty");

    /// <summary>Registry and repository prefix, e.g. registry.example.com/platform (no scheme, no tag).</summary>
    public static string Registry(string value)
    {
        var registry = NonEmpty(value).TrimEnd('/');
        return RegistryPattern().IsMatch(registry)
            ? registry
            : throw new FormatException($"'{value}' is not a registry/repository prefix; write e.g. registry.example.com/platform (no scheme, lower-case path)");
    }

    /// <summary>A Docker image tag.</summary>
    public static string Tag(string value) =>
        TagPattern().IsMatch(value) ? value : throw new FormatException($"'{value}' is not a valid image tag (letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-')");

    /// <summary>A build argument name, as Dockerfile ARG accepts it.</summary>
    public static string BuildArgName(string value) =>
        BuildArgPattern().IsMatch(value) ? value : throw new FormatException($"'{value}' is not a valid build argument name");

    /// <summary>A Kubernetes label key (optional DNS prefix + '/' + name) and value.</summary>
    public static KeyValuePair<string, string> Label(string key, string value)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        var prefix = key.Contains('/') ? key[..key.LastIndexOf('/')] : null;
        if (!LabelValuePattern().IsMatch(name) || name.Length == 0 || (prefix is not null && !LabelPrefixPattern().IsMatch(prefix)))
        {
            throw new FormatException($"'{key}' is not a valid Kubernetes label key");
        }

        return LabelValuePattern().IsMatch(value)
            ? KeyValuePair.Create(key, value)
            : throw new FormatException($"'{value}' (label '{key}') is not a valid Kubernetes label value (at most 63 of letters, digits, '-', '_', '.')");
    }

    [GeneratedRegex(@"^(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^\+?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$")]
    private static partial Regex QuantityPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9.-]+(?::[0-9]+)?(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RegistryPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex BuildArgPattern();

    [GeneratedRegex(@"^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$")]
    private static partial Regex LabelValuePattern();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex LabelPrefixPattern();
}
