using System.Text;

namespace KanikoImages.Manifests.Output;

/// <summary>The text of one document (from one "---" line to the next) and the 1-based line it starts on.</summary>
public sealed record DocumentText(string Text, int FirstLine);

/// <summary>
/// Splits YAML on "---" lines as kubeconform does, while the file is read (for Validate and for
/// <see cref="JobChanges"/>): a manifest of any size is held one document at a time, never as one string. Lines
/// end at '\n' only and keep every character, so line numbers and text are exactly the file's.
/// </summary>
public static class DocumentSplitter
{
    /// <summary>
    /// Characters one document may hold: far above what an API server accepts (3 MiB per request), far below what
    /// a string can hold, so a file of one 2 GB line is refused instead of failing in .NET.
    /// </summary>
    public const int MaxDocumentChars = 16 * 1024 * 1024;

    /// <exception cref="InvalidDataException">A document is longer than <see cref="MaxDocumentChars"/>; the message names its line.</exception>
    public static IEnumerable<DocumentText> Split(TextReader reader)
    {
        // Read straight into the document: no string per line. A line's first four characters and its length are all
        // the separator test needs.
        var document = new StringBuilder();
        var firstLine = 1;
        var lineNumber = 1;
        var lineStart = 0;
        var head = new char[4];
        var headLength = 0;
        var buffer = new char[64 * 1024];
        for (int read; (read = reader.Read(buffer, 0, buffer.Length)) > 0;)
        {
            for (var start = 0; start < read;)
            {
                var newline = Array.IndexOf(buffer, '\n', start, read - start);
                var end = newline < 0 ? read : newline + 1;
                for (var i = start; i < end && headLength < head.Length; i++)
                {
                    head[headLength++] = buffer[i];
                }

                document.Append(buffer, start, end - start);
                if (document.Length > MaxDocumentChars)
                {
                    throw TooLarge(document.Length - lineStart > MaxDocumentChars ? lineNumber : firstLine);
                }

                start = end;
                if (newline >= 0)
                {
                    if (EndsDocument() is { } text)
                    {
                        yield return text;
                    }

                    lineNumber++;
                    lineStart = document.Length;
                    headLength = 0;
                }
            }
        }

        // The last line, without a line feed.
        if (document.Length > lineStart && EndsDocument() is { } last)
        {
            yield return last;
        }

        yield return new DocumentText(document.ToString(), firstLine);

        // The document before the line just read when that line is a separator (which then starts the next one).
        DocumentText? EndsDocument()
        {
            if (lineStart == 0 || !IsSeparator(head.AsSpan(0, headLength), document.Length - lineStart))
            {
                return null;
            }

            var text = new DocumentText(document.ToString(0, lineStart), firstLine);
            var separator = document.ToString(lineStart, document.Length - lineStart);
            document.Clear().Append(separator);
            firstLine = lineNumber;
            return text;
        }
    }

    private static InvalidDataException TooLarge(int firstLine) =>
        new($"line {firstLine}: the document is longer than {MaxDocumentChars:N0} characters, more than any Kubernetes object can be");

    /// <summary>A line of <paramref name="length"/> characters that starts with <paramref name="head"/>: "---" alone or before whitespace.</summary>
    private static bool IsSeparator(ReadOnlySpan<char> head, int length) =>
        head.StartsWith("---", StringComparison.Ordinal) && (length == 3 || (head.Length > 3 && char.IsWhiteSpace(head[3])));
}
