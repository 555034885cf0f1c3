using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace KanikoImages.Build.Tools.Git;

/// <summary>The git CLI as a Cake tool: what CI runners have credentials configured for.</summary>
public sealed class GitRunner(
    IFileSystem fileSystem,
    ICakeEnvironment environment,
    IProcessRunner processRunner,
    IToolLocator tools) : CapturingTool<GitSettings>(fileSystem, environment, processRunner, tools)
{
    /// <summary>Runs git in <paramref name="repository"/>; a non-zero exit comes back in the output.</summary>
    public ToolOutput Run(string repository, IEnumerable<string> arguments, GitSettings? settings = null)
    {
        settings ??= new GitSettings();
        settings.WorkingDirectory = new DirectoryPath(repository);

        // Never wait for a credential prompt: CI has no terminal, and a person gets git's message instead.
        settings.EnvironmentVariables ??= new Dictionary<string, string>();
        settings.EnvironmentVariables["GIT_TERMINAL_PROMPT"] = "0";
        return Capture(settings, arguments);
    }

    protected override string GetToolName() => "git";

    protected override IEnumerable<string> GetToolExecutableNames() => ["git", "git.exe"];
}
