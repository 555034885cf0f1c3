using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace KanikoImages.Build.Tools;

/// <summary>What a command-line tool printed and how it exited.</summary>
public sealed record ToolOutput(int ExitCode, IReadOnlyList<string> StandardOutput, IReadOnlyList<string> StandardError)
{
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
    /// <summary>Runs the tool with <paramref name="arguments"/>; each reaches it unchanged (<see cref="QuotedArgument"/>).</summary>
    protected ToolOutput Capture(TSettings settings, IEnumerable<string> arguments, ProcessStandardInput? input = null)
    {
        var builder = new ProcessArgumentBuilder();
        foreach (var argument in arguments)
        {
            builder.Append(new QuotedArgument(argument));
        }

        settings.HandleExitCode = _ => true;
        var output = new ToolOutput(-1, [], []);
        Run(
            settings,
            builder,
            new ProcessSettings
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardInput = input,
            },
            process => output = new ToolOutput(
                process.GetExitCode(),
                process.GetStandardOutput().ToList(),
                process.GetStandardError().ToList()));
        return output;
    }
}
