using System.Text;

namespace KanikoImages.Images.Configuration;

/// <summary>A duration written back the way images.yaml accepts it and Go's time.ParseDuration reads it.</summary>
public static class GoDuration
{
    /// <summary>"1h30m", "3m", "5s" (whole seconds; <see cref="DurationText.Parse"/> reads no finer).</summary>
    public static string Format(TimeSpan duration)
    {
        var text = new StringBuilder();
        var hours = (int)duration.TotalHours;
        if (hours > 0)
        {
            text.Append(hours).Append('h');
        }

        if (duration.Minutes > 0)
        {
            text.Append(duration.Minutes).Append('m');
        }

        if (duration.Seconds > 0 || text.Length == 0)
        {
            text.Append(duration.Seconds).Append('s');
        }

        return text.ToString();
    }
}
