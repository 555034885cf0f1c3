using System.Text.Json;
using System.Text.Json.Serialization;

namespace KanikoImages.Status;

/// <summary>The report for scripts: camelCase keys, states as in the table, durations in seconds.</summary>
public static class StatusJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize(StatusReport report) =>
        JsonSerializer.Serialize(
            new
            {
                report.Namespace,
                Images = report.Images.Select(i => new
                {
                    i.Image,
                    i.ContentHash,
                    ShortHash = KanikoImages.Images.ContentHash.ShortOf(i.ContentHash),
                    i.Job,
                    State = i.State.Text(),
                    DurationSeconds = i.Duration is { } d ? (long?)Math.Round(d.TotalSeconds) : null,
                    i.Digest,
                    i.Reason,
                    i.LogTail,
                    Platforms = i.Platforms.Select(p => new { p.Platform, p.Job, State = p.State.Text(), p.Digest, p.Reason }),
                }),
            },
            Options);
}
