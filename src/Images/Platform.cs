using System.Text.RegularExpressions;

namespace KanikoImages.Images;

/// <summary>
/// One platform a multi-platform image is built for, written os/architecture[/variant] as in an OCI image index
/// (linux/amd64, linux/arm/v7). kaniko runs RUN steps natively, so each platform is built on a node of its own
/// architecture; only linux, the only OS kaniko builds for.
/// </summary>
public sealed partial record Platform(string Os, string Architecture, string? Variant)
{
    /// <summary>The architectures Go and Kubernetes name (GOARCH, the kubernetes.io/arch node label) for linux.</summary>
    private static readonly HashSet<string> Architectures = new(
        ["386", "amd64", "arm", "arm64", "loong64", "mips", "mipsle", "mips64", "mips64le", "ppc64", "ppc64le", "riscv64", "s390x"],
        StringComparer.Ordinal);

    /// <summary>"linux/arm/v7": how the platform is written in image.yaml, kaniko's --custom-platform and the index.</summary>
    public string Text => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    /// <summary>
    /// "arm64", "arm-v7": the platform in a tag (sha-&lt;hash12&gt;-&lt;suffix&gt;) and a Job name. Lower-case letters, digits and
    /// one '-', so both stay valid; unique among linux platforms.
    /// </summary>
    public string Suffix => Variant is null ? Architecture : $"{Architecture}-{Variant}";

    /// <summary>Parses "linux/arm64" or "linux/arm/v7"; throws <see cref="FormatException"/> with the reason.</summary>
    public static Platform Parse(string value)
    {
        var text = value.Trim();
        var match = PlatformPattern().Match(text);
        if (!match.Success)
        {
            throw new FormatException($"'{text}' is not a platform; write os/architecture[/variant], e.g. linux/amd64, linux/arm64 or linux/arm/v7");
        }

        var (os, architecture) = (match.Groups["os"].Value, match.Groups["arch"].Value);
        if (os != "linux")
        {
            throw new FormatException($"'{text}': kaniko builds linux images only; write linux/{architecture}");
        }

        if (!Architectures.Contains(architecture))
        {
            throw new FormatException($"'{text}': '{architecture}' is not an architecture Kubernetes nodes report; use one of {string.Join(", ", Architectures.Order(StringComparer.Ordinal))}");
        }

        return new Platform(os, architecture, match.Groups["variant"].Success ? match.Groups["variant"].Value : null);
    }

    /// <summary>A platform as written, checked: for lists read item by item.</summary>
    public static string Check(string value) => Parse(value).Text;

    /// <summary>An image's platforms: each parsed, none twice, sorted by text (the order in the file does not matter).</summary>
    public static IReadOnlyList<Platform> List(IEnumerable<string> values)
    {
        var platforms = values.Select(Parse).ToList();
        var repeated = platforms.GroupBy(p => p.Text, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"'{g.Key}'").ToList();
        return repeated.Count == 0
            ? platforms.OrderBy(p => p.Text, StringComparer.Ordinal).ToList()
            : throw new FormatException($"lists {string.Join(", ", repeated)} more than once");
    }

    public override string ToString() => Text;

    [GeneratedRegex(@"^(?<os>[a-z0-9]+)/(?<arch>[a-z0-9]+)(?:/(?<variant>v[0-9]{1,2}))?$")]
    private static partial Regex PlatformPattern();
}
