using System.Text.RegularExpressions;

namespace KanikoImages.Publishing;

/// <summary>Makes git's messages safe to print.</summary>
public static partial class GitText
{
    /// <summary>Replaces the user-info of every URL (https://user:token@host) with "***": a CI log must never show a token.</summary>
    public static string Redact(string text) => UserInfo().Replace(text, "$1***@");

    [GeneratedRegex(@"(\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s'""]+@")]
    private static partial Regex UserInfo();
}
