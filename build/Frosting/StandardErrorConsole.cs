using Cake.Core;

namespace Cake.Frosting;

/// <summary>
/// Cake's console on standard error, uncoloured: used when a task prints a machine-readable document
/// (--json, --output json), so stdout carries that document and nothing else.
/// </summary>
internal sealed class StandardErrorConsole : IConsole
{
    public ConsoleColor ForegroundColor { get; set; }

    public ConsoleColor BackgroundColor { get; set; }

    public bool SupportAnsiEscapeCodes => false;

    public void Write(string format, params object[] arg) => Console.Error.Write(format, arg);

    public void Write(string value) => Console.Error.Write(value);

    public void WriteLine(string format, params object[] arg) => Console.Error.WriteLine(format, arg);

    public void WriteLine(string value) => Console.Error.WriteLine(value);

    public void WriteError(string format, params object[] arg) => Console.Error.Write(format, arg);

    public void WriteError(string value) => Console.Error.Write(value);

    public void WriteErrorLine(string format, params object[] arg) => Console.Error.WriteLine(format, arg);

    public void WriteErrorLine(string value) => Console.Error.WriteLine(value);

    public void ResetColor()
    {
    }
}
