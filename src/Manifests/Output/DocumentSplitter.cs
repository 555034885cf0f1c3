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
        var document = new StringBuilder();
        var firstLine = 1;
        var lineNumber = 1;
        foreach (var line in Lines(reader))
        {
            if (document.Length > 0 && IsSeparator(line))
            {
                yield return new DocumentText(document.ToString(), firstLine);
                document.Clear();
                firstLine = lineNumber;
            }

            if (document.Length + line.Length > MaxDocumentChars)
            {
                throw TooLarge(firstLine);
            }

            document.Append(line);
            lineNumber++;
        }

        yield return new DocumentText(document.ToString(), firstLine);
    }

    private static InvalidDataException TooLarge(int firstLine) =>
        new($"line {firstLine}: the document is longer than {MaxDocumentChars:N0} characters, more than any Kubernetes object can be");

    private static bool IsSeparator(string line) =>
        line.StartsWith("---", StringComparison.Ordinal) && (line.Length == 3 || char.IsWhiteSpace(line[3]));

    /// <summary>Each line with its '\n' (the last one may have none).</summary>
    private static IEnumerable<string> Lines(TextReader reader)
    {
        var lineNumber = 1;
        var buffer = new char[64 * 1024];
        var line = new StringBuilder();
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            int end;
            while ((end = Array.IndexOf(buffer, '\n', start, read - start)) >= 0)
            {
                line.Append(buffer, start, end + 1 - start);
                yield return line.ToString();
                line.Clear();
                lineNumber++;
                start = end + 1;
            }

            if (line.Length + read - start > MaxDocumentChars)
            {
                throw TooLarge(lineNumber);
            }

            line.Append(buffer, start, read - start);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }
}
