using System.Text.Json;
using KanikoImages.Manifests.Guard;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Guard;

/// <summary>What a guarded build pod did: the init container's run, its verdict, the kaniko container's run.</summary>
/// <param name="ExecutorArguments">The arguments the stand-in executor received; null when it did not run.</param>
public sealed record GuardOutcome(ProcessResult Check, string? Verdict, ProcessResult Wrapper, IReadOnlyList<string>? ExecutorArguments)
{
    public bool Built => ExecutorArguments is not null;
}

/// <summary>
/// Plays a guarded build pod with real processes: a folder holding the scripts stands in for the mounted scripts
/// ConfigMap, the init container runs <c>sh check.sh</c>, the kaniko container runs the wrapper exactly as the Job
/// starts it (<c>sh wrapper.sh ARGS...</c>), a folder stands in for the shared emptyDir and a stand-in executor
/// records whether it ran and with what.
/// </summary>
public sealed class GuardPod : IDisposable
{
    /// <summary>The shell of the kaniko debug image.</summary>
    public const string KanikoShell = "/busybox/sh";

    private readonly TempDirectory folder = new();
    private readonly string executor;

    /// <param name="scripts">The scripts ConfigMap's data (key -> script); BuildGuard's scripts when null.</param>
    public GuardPod(IDictionary<string, string>? scripts = null)
    {
        scripts ??= new Dictionary<string, string>
        {
            [BuildGuard.CheckScriptKey] = BuildGuard.CheckScript,
            [BuildGuard.WrapperScriptKey] = BuildGuard.WrapperScript,
        };
        foreach (var (key, script) in scripts)
        {
            folder.Write("guard-scripts/" + key, script);
        }

        executor = folder.Write("kaniko/executor", """
            #!/bin/sh
            # Stand-in for the kaniko executor: records that it ran, its argument count and each argument (NUL-separated).
            printf '%s\0' "$#" "$@" > "$0.ran"
            echo "stand-in executor ran"
            exit "${STAND_IN_EXIT:-0}"
            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(executor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Directory.CreateDirectory(SharedVolume);
    }

    /// <summary>The folder standing in for the scripts ConfigMap mounted at <see cref="BuildGuard.ScriptsMountPath"/>.</summary>
    public string ScriptsVolume => Path.Combine(folder.Path, "guard-scripts");

    /// <summary>The folder standing in for the emptyDir both containers mount.</summary>
    public string SharedVolume => Path.Combine(folder.Path, "guard");

    public string ResultFile => Path.Combine(SharedVolume, "result");

    /// <summary>Environment both containers get (the check's extra variables are harmless to the wrapper).</summary>
    public Dictionary<string, string?> Environment { get; } = new();

    /// <summary>Prepares the environment for one image: plain-HTTP registry, no credentials unless given.</summary>
    public GuardPod For(string image, string contentHash, string? authFile = null)
    {
        Environment[BuildGuard.ImageVariable] = image;
        Environment[BuildGuard.ContentHashVariable] = contentHash;
        Environment[BuildGuard.ResultVariable] = ResultFile;
        Environment[BuildGuard.ExecutorVariable] = executor;
        Environment[BuildGuard.InsecureRegistryVariable] = "true";
        // A file that does not exist: no credentials, and none of this machine's leak in.
        Environment[BuildGuard.AuthFileVariable] = authFile ?? Path.Combine(folder.Path, "no-credentials.json");
        return this;
    }

    /// <summary>Writes a kubernetes.io/dockerconfigjson-shaped credentials file and returns its path.</summary>
    public string WriteAuthFile(string registryHost, string user, string password)
    {
        var auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}"));
        var json = JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { [registryHost] = new { auth } } });
        return folder.Write("secret/.dockerconfigjson", json);
    }

    /// <summary>The init container: <c>sh check.sh</c>.</summary>
    public ProcessResult RunCheck() => RunCommand(["sh", BuildGuard.CheckScriptPath]);

    /// <summary>The kaniko container: <c>SHELL wrapper.sh ARGS...</c> (shell "busybox" runs busybox's sh).</summary>
    public ProcessResult RunWrapper(string shell, params string[] executorArguments) =>
        RunCommand([shell, BuildGuard.WrapperScriptPath, .. executorArguments]);

    /// <summary>
    /// A container's command line (command + args) as Kubernetes starts it: paths in the scripts mount point at
    /// <see cref="ScriptsVolume"/>; the kaniko debug image's /busybox/sh (or "busybox") runs as this machine's busybox sh.
    /// </summary>
    public ProcessResult RunCommand(IReadOnlyList<string> commandLine)
    {
        var rest = commandLine.Skip(1).Select(argument => argument.StartsWith(BuildGuard.ScriptsMountPath + "/", StringComparison.Ordinal)
            ? ScriptsVolume + argument[BuildGuard.ScriptsMountPath.Length..]
            : argument);
        return commandLine[0] is KanikoShell or "busybox"
            ? ProcessResult.Run("busybox", ["sh", .. rest], environment: Environment)
            : ProcessResult.Run(commandLine[0], rest, environment: Environment);
    }

    /// <summary>Both containers in order, like the pod.</summary>
    public GuardOutcome Run(string shell = "sh", params string[] executorArguments)
    {
        var check = RunCheck();
        var verdict = File.Exists(ResultFile) ? File.ReadAllText(ResultFile) : null;
        var wrapper = RunWrapper(shell, executorArguments);
        return new GuardOutcome(check, verdict, wrapper, ExecutorArguments());
    }

    /// <summary>What the stand-in executor recorded, or null when it did not run.</summary>
    public IReadOnlyList<string>? ExecutorArguments()
    {
        var record = executor + ".ran";
        if (!File.Exists(record))
        {
            return null;
        }

        var fields = File.ReadAllText(record).Split('\0');
        return fields[1..(1 + int.Parse(fields[0]))];
    }

    public void Dispose() => folder.Dispose();
}
