using System.Collections;
using System.Reflection;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Frosting;
using KanikoImages.Build.Host;
using KanikoImages.Build.Tools.Git;
using KanikoImages.Images;
using KanikoImages.Images.Configuration;

namespace KanikoImages.Build;

/// <summary>
/// The typed context every task gets: the repository being worked on and the run's parameters, read and checked
/// once, here, so that every bad option is reported together before any task runs. Partial so each stage's
/// parameters live beside its task (BuildContext.Stage.cs).
/// </summary>
public sealed partial class BuildContext : FrostingContext
{
    private readonly string? _target;
    private ImageCatalog? _catalog;

    public BuildContext(ICakeContext context)
        : base(context)
    {
        var host = context.Data.Get<HostOptions>();
        RepositoryRoot = context.Environment.WorkingDirectory.FullPath;
        DryRun = host.DryRun;
        Output = host.Output;
        _target = host.TargetName;
        Progress = ProgressDisplay.ForProcess(line => context.Log.Information("{0}", line));
        var problems = new List<string>();
        CheckSettings(problems);
        ReadImages(problems);
        ReadValidation(problems);
        ReadPublishing(problems);
        ReadStatus(problems);
        if (problems.Count > 0)
        {
            throw new CommandLineException(problems);
        }
    }

    /// <summary>The repository (--working, default: the folder holding build.sh); every path resolves here.</summary>
    public string RepositoryRoot { get; }

    /// <summary>--dryrun: tasks compute and report what they would do, and write nothing.</summary>
    public bool DryRun { get; }

    /// <summary>--output text|json (--json): how the task that reports prints its result.</summary>
    public OutputFormat Output { get; }

    /// <summary>
    /// Whether <paramref name="task"/> prints its result as the run's JSON document: only the target does, so stdout
    /// holds one document; a dependency's result goes to the log (on stderr then).
    /// </summary>
    public bool ReportsJson(IFrostingTask task) =>
        Output == OutputFormat.Json && task.GetType().GetCustomAttribute<TaskNameAttribute>()?.Name == _target;

    /// <summary>The image catalog, loaded once per run (also when a later task runs --exclusive).</summary>
    public ImageCatalog Catalog => _catalog ??= LoadCatalog();

    /// <summary>Shows the progress of long steps (live on a terminal, a line every few seconds otherwise).</summary>
    public ProgressDisplay Progress { get; }

    /// <summary>Forgets the loaded catalog: Publish re-reads images/ after a rebase moved the checkout.</summary>
    public void ReloadCatalog()
    {
        _catalog = null;
        _generated = null;
        _preview = null;
    }

    /// <summary>The git CLI, found by Cake's tool locator.</summary>
    public GitRunner Git => new(FileSystem, Environment, ProcessRunner, Tools);

    public string InRepository(string relativePath) => Path.GetFullPath(Path.Combine(RepositoryRoot, relativePath));

    /// <summary>Every --name=value build argument; the last one wins when an option is repeated.</summary>
    public IReadOnlyDictionary<string, string> ArgumentValues() =>
        Arguments.GetArguments().ToDictionary(a => a.Key, a => a.Value.Last(), StringComparer.OrdinalIgnoreCase);

    private static IReadOnlyDictionary<string, string> EnvironmentValues() =>
        System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);

    /// <summary>The option's value: the command line's last, else its environment variable (unless empty), else null.</summary>
    private string? Value(OptionDefinition option) =>
        Arguments.HasArgument(option.Name) ? Arguments.GetArguments(option.Name).Last()
        : option.Environment is { } variable && System.Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value
        : null;

    /// <summary>A flag: the host has turned --x, --x=true and --x=false into "true" or "false".</summary>
    private bool Flag(OptionDefinition option, bool otherwise = false) =>
        Arguments.HasArgument(option.Name) ? Arguments.GetArguments(option.Name).Last() == "true" : otherwise;

    /// <summary>Setting overrides on the command line and in the environment, checked as images.yaml's values are.</summary>
    private void CheckSettings(List<string> problems)
    {
        foreach (var key in SettingKeys.All.Where(k => k.Overridable))
        {
            var (value, source) = Arguments.HasArgument(key.CommandLine) ? (Arguments.GetArguments(key.CommandLine).Last(), "--" + key.CommandLine)
                : (System.Environment.GetEnvironmentVariable(key.Environment), key.Environment);
            if (value is not null && (value.Length > 0 || source.StartsWith('-')) && key.Problem(value) is { } problem)
            {
                problems.Add($"{source}: '{key.Path}' {problem}");
            }
        }
    }
}
