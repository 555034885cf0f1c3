using System.Text.Json.Nodes;

namespace KanikoImages.Validation.Resources;

/// <summary>Small readings of parsed documents shared by the layers.</summary>
public static class JsonText
{
    /// <summary>The string at <paramref name="node"/>, or null when it is absent or not a string.</summary>
    public static string? Of(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>A key as one JSON pointer segment ("~" and "/" escaped).</summary>
    public static string Segment(string key) =>
        key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>The key a JSON pointer segment names.</summary>
    public static string Unescape(string segment) =>
        segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
}
