using Cake.Core;

namespace KanikoImages.Build.Host;

/// <summary>
/// Cake's console without colour, on the writer given: stdout when colour is off (piped, NO_COLOR), stderr when a
/// task prints a JSON document, so that stdout carries that document and nothing else. Errors go to stderr.
/// Cake's own console writes ANSI codes unless NO_COLOR is set, and setting it would reach every child process.
/// </summary>
internal sealed class PlainConsole(TextWriter output) : IConsole
{
    public ConsoleColor ForegroundColor { get; set; }

    public ConsoleColor BackgroundColor { get; set; }

    public bool SupportAnsiEscapeCodes => false;

    public void Write(string format, params object[] arg) => output.Write(format, arg);

    public void Write(string value) => output.Write(value);

    public void WriteLine(string format, params object[] arg) => output.WriteLine(format, arg);

    public void WriteLine(string value) => output.WriteLine(value);

    public void WriteError(string format, params object[] arg) => Console.Error.Write(format, arg);

    public void WriteError(string value) => Console.Error.Write(value);

    public void WriteErrorLine(string format, params object[] arg) => Console.Error.WriteLine(format, arg);

    public void WriteErrorLine(string value) => Console.Error.WriteLine(value);

    public void ResetColor()
    {
    }
}
