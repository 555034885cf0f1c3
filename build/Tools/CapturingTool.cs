using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;
using KanikoImages.Publishing;

namespace KanikoImages.Build.Tools;

/// <summary>What a command-line tool printed and how it exited.</summary>
public sealed record ToolOutput(int ExitCode, IReadOnlyList<string> StandardOutput, IReadOnlyList<string> StandardError)
{
    /// <summary>The tool ran longer than <see cref="ToolSettings.ToolTimeout"/> and was stopped; its output is what it printed until then.</summary>
    public bool TimedOut { get; init; }

    public string ErrorText => string.Join('\n', StandardError);
}

/// <summary>
/// A Cake tool runner that captures output and hands the exit code back instead of throwing, for tools whose
/// exit codes mean something to the caller (git push rejected, kubeconform found invalid documents). The
/// executable is found by Cake's tool locator, or taken from <see cref="ToolSettings.ToolPath"/>.
/// </summary>
public abstract class CapturingTool<TSettings>(
    IFileSystem fileSystem,
    ICakeEnvironment environment,
    IProcessRunner processRunner,
    IToolLocator tools) : Tool<TSettings>(fileSystem, environment, processRunner, tools)
    where TSettings : ToolSettings
{
    /// <summary>
    /// Runs the tool with <paramref name="arguments"/>; each reaches it unchanged (<see cref="QuotedArgument"/>).
    /// A <see cref="ToolSettings.ToolTimeout"/> bounds the run: the tool is stopped and the output says
    /// <see cref="ToolOutput.TimedOut"/>.
    /// </summary>
    protected ToolOutput Capture(TSettings settings, IEnumerable<string> arguments, ProcessStandardInput? input = null)
    {
        var builder = new ProcessArgumentBuilder();
        foreach (var argument in arguments)
        {
            builder.Append(new QuotedArgument(argument));
        }

        settings.HandleExitCode = _ => true;
        // Cake logs every line a tool prints at diagnostic verbosity: the log gets the line with URLs redacted,
        // the caller the line as printed, kept here.
        var standardOutput = new List<string>();
        var standardError = new List<string>();
        var exitCode = -1;
        try
        {
            Run(
                settings,
                builder,
                new ProcessSettings
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    StandardInput = input,
                    RedirectedStandardOutputHandler = line => Kept(standardOutput, line),
                    RedirectedStandardErrorHandler = line => Kept(standardError, line),
                },
                process =>
                {
                    // After a bounded wait the process has exited but its last lines may still be in flight: this
                    // wait returns once both streams are read to their end.
                    process.WaitForExit();
                    exitCode = process.GetExitCode();
                    // Draining Cake's queues is what logs the lines.
                    _ = process.GetStandardOutput().Count() + process.GetStandardError().Count();
                });
        }
        catch (TimeoutException)
        {
            return new ToolOutput(-1, Snapshot(standardOutput), Snapshot(standardError)) { TimedOut = true };
        }

        return new ToolOutput(exitCode, Snapshot(standardOutput), Snapshot(standardError));
    }

    private static string? Kept(List<string> lines, string? line)
    {
        if (line is null)
        {
            return null;
        }

        lock (lines)
        {
            lines.Add(line);
        }

        return GitText.Redact(line);
    }

    private static List<string> Snapshot(List<string> lines)
    {
        lock (lines)
        {
            return [.. lines];
        }
    }
}
