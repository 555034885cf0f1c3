using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;

namespace KanikoImages.Validation.Schemas;

/// <summary>
/// The string formats as kubeconform asserts them: the standard ones (date-time, ...) are checked, formats the
/// library does not know (int32, int64, byte) pass, and "duration" accepts Kubernetes' Go-style durations ("5m",
/// "1h30m") as well as ISO 8601, since CRDs use the former (the grafana fixture).
/// </summary>
public static partial class KubernetesFormats
{
    public static FormatRegistry Registry { get; } = CreateRegistry();

    private static FormatRegistry CreateRegistry()
    {
        var registry = new FormatRegistry();
        registry.Register(new PredicateFormat("duration", IsDuration));
        return registry;
    }

    private static bool IsDuration(JsonElement value) =>
        value.ValueKind != JsonValueKind.String ||
        GoDuration().IsMatch(value.GetString()!) ||
        Formats.Duration.Validate(value, out _);

    [GeneratedRegex(@"^[-+]?([0-9]*(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+$|^0$")]
    private static partial Regex GoDuration();
}
