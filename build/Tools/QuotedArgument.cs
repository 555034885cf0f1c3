using System.Text;
using Cake.Core.IO;

namespace KanikoImages.Build.Tools;

/// <summary>
/// One argument written so that the child process gets it back byte for byte, whatever it holds: quotes,
/// backslashes (also trailing ones), spaces, newlines, or nothing. Cake hands the command line to .NET as one
/// string, which .NET splits with the Windows rules (CommandLineToArgvW) on every platform; Cake's AppendQuoted
/// wraps in quotes without escaping, so an embedded '"' or a trailing '\' broke the argument apart.
/// </summary>
public sealed class QuotedArgument(string value) : IProcessArgument
{
    public string Render()
    {
        if (value.Length > 0 && !value.Any(c => char.IsWhiteSpace(c) || c == '"'))
        {
            return value;
        }

        // Backslashes are literal unless a quote follows them: then each is doubled, and a quote of the value
        // gets one more to escape it. The closing quote counts as following.
        var text = new StringBuilder(value.Length + 2).Append('"');
        var backslashes = 0;
        foreach (var c in value)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            text.Append('\\', c == '"' ? (backslashes * 2) + 1 : backslashes).Append(c);
            backslashes = 0;
        }

        return text.Append('\\', backslashes * 2).Append('"').ToString();
    }

    public string RenderSafe() => Render();

    public override string ToString() => Render();
}
