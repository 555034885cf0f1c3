using System.Globalization;
using System.Text.RegularExpressions;

namespace KanikoImages.Status;

/// <summary>Durations as people type and read them: "30m", "90s", "1h30m" (also accepts "00:30:00").</summary>
public static partial class DurationText
{
    public static TimeSpan Parse(string text, string option)
    {
        var match = Pattern().Match(text.Trim());
        var duration = match.Success && match.Groups.Cast<Group>().Skip(1).Any(g => g.Success)
            ? TimeSpan.FromHours(Number(match, "h")) + TimeSpan.FromMinutes(Number(match, "m")) + TimeSpan.FromSeconds(Number(match, "s"))
            : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : TimeSpan.Zero;
        return duration > TimeSpan.Zero
            ? duration
            : throw new StatusException($"{option} {text}: not a duration; write a positive duration like 30m, 90s or 1h30m.");
    }

    public static string Format(TimeSpan duration) =>
        duration switch
        {
            { TotalHours: >= 1 } => $"{(int)duration.TotalHours}h{duration.Minutes:00}m{duration.Seconds:00}s",
            { TotalMinutes: >= 1 } => $"{duration.Minutes}m{duration.Seconds:00}s",
            _ => $"{Math.Max(0, duration.Seconds)}s",
        };

    private static int Number(Match match, string group) =>
        match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex("^(?:(?<h>[0-9]+)h)?(?:(?<m>[0-9]+)m)?(?:(?<s>[0-9]+)s)?$")]
    private static partial Regex Pattern();
}
