using System.Globalization;
using System.Text.RegularExpressions;

namespace KanikoImages.Images;

/// <summary>
/// The one duration syntax of images.yaml, image.yaml, overrides and Status's --timeout: Go-style as kubectl
/// and kaniko write them ("90s", "30m", "1h30m"), or hh:mm:ss.
/// </summary>
public static partial class DurationText
{
    /// <summary>
    /// The longest duration accepted: the longest wait .NET's timers take (about 24.8 days), so a wait that
    /// long still works and a typo like 99999999999h is an error instead of an overflow.
    /// </summary>
    public static readonly TimeSpan Max = TimeSpan.FromHours(576);

    /// <summary>Throws <see cref="FormatException"/> with the reason; the caller names the key or option.</summary>
    public static TimeSpan Parse(string text)
    {
        var trimmed = text.Trim();
        var match = Pattern().Match(trimmed);
        TimeSpan duration;
        if (match.Success && trimmed.Length > 0)
        {
            // Each part is bounded first: summing unbounded parts would overflow before the check below.
            var seconds = Part(match, "h", 3600) + Part(match, "m", 60) + Part(match, "s", 1);
            duration = seconds > Max.TotalSeconds ? TimeSpan.MaxValue : TimeSpan.FromSeconds(seconds);
        }
        else if (trimmed.Contains(':') && TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var span))
        {
            duration = span;
        }
        else
        {
            throw new FormatException($"'{text}' is not a duration; write e.g. 90s, 30m or 1h30m");
        }

        if (duration <= TimeSpan.Zero)
        {
            throw new FormatException($"'{text}' must be longer than zero");
        }

        return duration <= Max
            ? duration
            : throw new FormatException($"'{text}' is too long; at most {Setting(Max)}");
    }

    /// <summary>
    /// A duration written back as images.yaml takes it and Go's time.ParseDuration reads it: "1h30m", "3m", "5s"
    /// (whole seconds; <see cref="Parse"/> reads no finer). The Argo CD Application and settings messages use it.
    /// </summary>
    public static string Setting(TimeSpan duration)
    {
        var hours = (int)duration.TotalHours;
        var text = (hours > 0 ? $"{hours}h" : "") + (duration.Minutes > 0 ? $"{duration.Minutes}m" : "");
        return duration.Seconds > 0 || text.Length == 0 ? $"{text}{duration.Seconds}s" : text;
    }

    /// <summary>Aligned text for reports (minutes and seconds always two digits): "5s", "2m05s", "1h02m05s".</summary>
    public static string Format(TimeSpan duration) =>
        duration switch
        {
            { TotalHours: >= 1 } => $"{(int)duration.TotalHours}h{duration.Minutes:00}m{duration.Seconds:00}s",
            { TotalMinutes: >= 1 } => $"{duration.Minutes}m{duration.Seconds:00}s",
            _ => $"{Math.Max(0, duration.Seconds)}s",
        };

    /// <summary>One part in seconds; a number too large for any duration counts as "too long".</summary>
    private static double Part(Match match, string group, double unit) =>
        !match.Groups[group].Success ? 0
        : long.TryParse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number * unit
        : double.PositiveInfinity;

    [GeneratedRegex("^(?:(?<h>[0-9]+)h)?(?:(?<m>[0-9]+)m)?(?:(?<s>[0-9]+)s)?$")]
    private static partial Regex Pattern();
}
