using System.Text.RegularExpressions;

namespace KanikoImages.Publishing;

/// <summary>Makes git's messages, and anything else naming a URL, safe to print.</summary>
public static partial class GitText
{
    /// <summary>
    /// Replaces the credentials a URL can carry with "***": its user-info (https://user:token@host), its query
    /// (?access_token=...) and its fragment. A CI log must never show a token, whatever form it takes. Text without
    /// "://" holds no URL: it is returned as it is, unscanned (git ls-files prints megabytes of paths).
    /// </summary>
    public static string Redact(string text) => !text.Contains("://", StringComparison.Ordinal) ? text : Url().Replace(text, match =>
        match.Groups["scheme"].Value
        + (match.Groups["userinfo"].Success ? "***@" : "")
        + match.Groups["rest"].Value
        + (match.Groups["query"].Success ? "?***" : "")
        + (match.Groups["fragment"].Success ? "#***" : ""));

    // Ends at whitespace and at the quotes and brackets messages put around a URL.
    [GeneratedRegex(@"(?<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)(?<userinfo>[^/@\s'""<>()\[\]?#]+@)?(?<rest>[^\s'""<>()\[\]?#]*)(?<query>\?[^\s'""<>()\[\]#]*)?(?<fragment>\#[^\s'""<>()\[\]]*)?")]
    private static partial Regex Url();
}
