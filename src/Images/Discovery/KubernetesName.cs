using System.Text;
using System.Text.RegularExpressions;

namespace KanikoImages.Images.Discovery;

/// <summary>Folder names to DNS-1123 labels: what Kubernetes accepts as a Job name part and a label value.</summary>
public static partial class KubernetesName
{
    /// <summary>Kubernetes' limit for a DNS-1123 label (Job names, label values): the one place it is written.</summary>
    public const int MaxLength = 63;

    public static bool IsLabel(string value) => value.Length <= MaxLength && LabelPattern().IsMatch(value);

    /// <summary>
    /// Lower-cases, turns every character outside [a-z0-9-] into '-', trims '-' from both ends and cuts to 63
    /// characters; null when nothing valid is left (e.g. "___").
    /// </summary>
    public static string? FromFolder(string folder)
    {
        var label = new StringBuilder(folder.Length);
        foreach (var c in folder.ToLowerInvariant())
        {
            label.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '-');
        }

        var trimmed = label.ToString().Trim('-');
        trimmed = trimmed[..Math.Min(trimmed.Length, MaxLength)].TrimEnd('-');
        return trimmed.Length > 0 ? trimmed : null;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex LabelPattern();
}
