using System.Globalization;
using System.Text.RegularExpressions;

namespace KanikoImages.Images.Configuration;

/// <summary>
/// Parses and checks setting values as written in YAML, on the command line or in the environment. Each parser
/// throws <see cref="FormatException"/> with the user-facing reason; the caller adds where the value came from.
/// </summary>
internal static partial class SettingValues
{
    /// <summary>
    /// A Kubernetes resource quantity ("500m", "2", "1Gi", "1.5"), kept as written. Kubernetes allows no quantity
    /// above 2^63-1; checking that here keeps an absurd one ("1e1000000") from reaching KubernetesClient, whose
    /// exact arithmetic on it runs for many minutes.
    /// </summary>
    public static string Quantity(string value)
    {
        if (value.Length > MaxQuantityLength || !QuantityPattern().IsMatch(value))
        {
            throw new FormatException($"'{Shorten(value)}' is not a Kubernetes quantity; write e.g. 500m, 2, 512Mi or 4Gi");
        }

        return ResourceQuantities.Value(value) <= long.MaxValue
            ? value
            : throw new FormatException($"'{Shorten(value)}' is larger than any Kubernetes quantity (at most 2^63-1)");
    }

    /// <summary>A value as quoted in a message: long ones cut, so one bad value cannot flood the output.</summary>
    public static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "...";

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
        Discovery.KubernetesName.IsLabel(value) ? value : throw new FormatException($"'{value}' is not a valid Kubernetes name (lower-case letters, digits and '-', at most {Discovery.KubernetesName.MaxLength})");

    public static string NonEmpty(string value) =>
        value.Trim().Length > 0 ? value.Trim() : throw new FormatException("must not be empty");

    /// <summary>Registry and repository prefix, e.g. registry.example.com/platform (no scheme, no tag).</summary>
    public static string Registry(string value)
    {
        var registry = NonEmpty(value).TrimEnd('/');
        return registry.Length <= MaxReferenceLength && RegistryPattern().IsMatch(registry)
            ? registry
            : throw new FormatException(
                $"'{Shorten(value)}' is not a registry/repository prefix; write e.g. registry.example.com/platform (a host of DNS " +
                "labels, each starting and ending with a letter or digit, an optional :port, then a lower-case path; no scheme)");
    }

    /// <summary>An image reference as the container runtime reads it (distribution's reference grammar): name, optional :tag, optional @digest.</summary>
    public static string ImageReference(string value)
    {
        var reference = NonEmpty(value);
        return reference.Length <= MaxReferenceLength && ImageReferencePattern().IsMatch(reference)
            ? reference
            : throw new FormatException(
                $"'{Shorten(value)}' is not an image reference; write e.g. gcr.io/kaniko-project/executor:v1.23.2-debug " +
                "(no spaces, no scheme, a lower-case repository, an optional :tag and @sha256:digest)");
    }

    /// <summary>
    /// A branch name that git accepts (git check-ref-format's rules) and that survives kaniko's git context URL,
    /// where '#' starts the ref part.
    /// </summary>
    public static string GitBranch(string value)
    {
        var branch = NonEmpty(value);
        var problem = branch switch
        {
            _ when branch.Length > 255 => "is longer than 255 characters",
            _ when branch.Any(c => c < ' ' || c == '\u007f' || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\') =>
                "holds a space, a control character or one of ~ ^ : ? * [ \\",
            _ when branch.Contains('#') => "holds '#', which ends the repository URL kaniko clones",
            _ when branch.StartsWith('-') => "starts with '-'",
            _ when branch.Contains("..", StringComparison.Ordinal) || branch.Contains("@{", StringComparison.Ordinal) => "holds '..' or '@{'",
            _ when branch == "@" || branch.EndsWith('.') || branch.StartsWith('/') || branch.EndsWith('/') || branch.Contains("//", StringComparison.Ordinal) =>
                "is '@', ends with '.', or has an empty part between '/'",
            _ when branch.Split('/').Any(part => part.StartsWith('.') || part.EndsWith(".lock", StringComparison.Ordinal)) =>
                "has a part starting with '.' or ending with '.lock'",
            _ => null,
        };
        return problem is null ? branch : throw new FormatException($"'{Shorten(value)}' is not a git branch name: it {problem}");
    }

    /// <summary>A Dockerfile stage name for --target, as BuildKit accepts it in FROM ... AS name.</summary>
    public static string StageName(string value)
    {
        var stage = NonEmpty(value);
        return stage.Length <= 128 && StagePattern().IsMatch(stage)
            ? stage
            : throw new FormatException($"'{Shorten(value)}' is not a Dockerfile stage name (a letter, then letters, digits, '-', '_' or '.')");
    }

    /// <summary>A git URL that carries no credentials: they would be written into deploy/ and pushed.</summary>
    public static string GitUrl(string value)
    {
        var url = value.Trim();
        if (url.Length == 0)
        {
            return url;
        }

        if (url.Any(char.IsControl) || url.Contains(' '))
        {
            throw new FormatException("is not a git URL: it holds a space or a control character");
        }

        // scp-like "git@host:path" names a user, not a secret; a URL's userinfo, query and fragment may carry one.
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "ssh" or "git")
        {
            var secret = uri.UserInfo.Contains(':') || (uri.UserInfo.Length > 0 && uri.Scheme is "https" or "http") ? "a user name or password before '@'"
                : uri.Query.Length > 0 ? "a query ('?...'), where tokens such as access_token travel"
                : uri.Fragment.Length > 0 || url.Contains('#') ? "a fragment ('#...')"
                : null;
            if (secret is not null)
            {
                throw new FormatException(
                    $"holds {secret}: credentials must never be written to deploy/; give kaniko a Secret with git.credentialsSecret instead");
            }
        }
        else if (url.Contains('?') || url.Contains('#'))
        {
            throw new FormatException("holds '?' or '#': credentials must never be written to deploy/; give kaniko a Secret with git.credentialsSecret instead");
        }

        return url;
    }

    /// <summary>A Docker image tag.</summary>
    public static string Tag(string value) =>
        TagPattern().IsMatch(value) ? value : throw new FormatException($"'{value}' is not a valid image tag (letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-')");

    /// <summary>An image's tags: no tag twice (each is one --destination).</summary>
    public static IReadOnlyList<string> Tags(IReadOnlyList<string> tags)
    {
        var repeated = tags.GroupBy(t => t, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"'{g.Key}'").ToList();
        return repeated.Count == 0 ? tags : throw new FormatException($"lists {string.Join(", ", repeated)} more than once");
    }

    /// <summary>
    /// Labels the generated resources carry already: kaniko-k8s-images' own, the app.kubernetes.io ones it sets, and
    /// app.kubernetes.io/instance, which Argo CD uses to track what it owns.
    /// </summary>
    public static bool IsReservedLabel(string key) =>
        key.StartsWith(ReservedLabelPrefix, StringComparison.Ordinal)
        || key is "app.kubernetes.io/name" or "app.kubernetes.io/component" or "app.kubernetes.io/part-of"
            or "app.kubernetes.io/managed-by" or "app.kubernetes.io/instance";

    /// <summary>A label an image may set: valid and not reserved (<see cref="IsReservedLabel"/>).</summary>
    public static KeyValuePair<string, string> UserLabel(string key, string value) =>
        IsReservedLabel(key)
            ? throw new FormatException($"'{key}' is a label kaniko-k8s-images or Argo CD sets itself; choose another label key")
            : Label(key, value);

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
            : throw new FormatException($"'{value}' (label '{key}') is not a valid Kubernetes label value (at most {Discovery.KubernetesName.MaxLength} of letters, digits, '-', '_', '.')");
    }

    private const int MaxQuantityLength = 64;

    private const string ReservedLabelPrefix = "kaniko-k8s-images/";

    [GeneratedRegex(@"^\+?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$")]
    private static partial Regex QuantityPattern();

    /// <summary>distribution/reference: a host of DNS labels (or localhost) with an optional port.</summary>
    private const string Host = @"(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]{1,5})?";

    private const string PathComponent = @"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";

    /// <summary>distribution/reference's limit on a name.</summary>
    private const int MaxReferenceLength = 255;

    [GeneratedRegex("^" + Host + "(?:/" + PathComponent + ")*$")]
    private static partial Regex RegistryPattern();

    [GeneratedRegex("^(?:" + Host + "/)?" + PathComponent + "(?:/" + PathComponent + @")*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$")]
    private static partial Regex ImageReferencePattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.-]*$")]
    private static partial Regex StagePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex BuildArgPattern();

    [GeneratedRegex(@"^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$")]
    private static partial Regex LabelValuePattern();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex LabelPrefixPattern();
}
