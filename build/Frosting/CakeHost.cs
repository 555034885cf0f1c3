using System.Reflection;
using Cake.Cli;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Scripting;
using Cake.Core.Tooling;
using KanikoImages.Build.Host;
using Spectre.Console;

namespace Cake.Frosting;

/// <summary>
/// The host: parses the command line against the declared options, builds Cake.Core's services and the typed
/// context, registers the task classes with Cake's engine and runs the target through Cake.Cli's script hosts
/// (the ones Frosting uses for a run, --tree and --description). Task ordering, criteria, error handling and
/// the end-of-run report are Cake.Core's. Where it differs from Cake.Frosting's CakeHost is listed in the
/// command-line reference (docs).
/// </summary>
public sealed class CakeHost
{
    private Type _contextType = typeof(FrostingContext);
    private IReadOnlyList<OptionDefinition> _options = [];

    public CakeHost UseContext<TContext>()
        where TContext : IFrostingContext
    {
        _contextType = typeof(TContext);
        return this;
    }

    /// <summary>
    /// Not in Cake.Frosting: the options the tasks read. Anything else on the command line is an error, and
    /// --help lists them. A definition named like a host option (output, json) narrows it to its tasks.
    /// </summary>
    public CakeHost UseOptions(IEnumerable<OptionDefinition> options)
    {
        _options = options.ToList();
        return this;
    }

    /// <summary>Runs the command line; returns the process exit code (<see cref="ExitCodes"/>).</summary>
    public int Run(IEnumerable<string> args)
    {
        try
        {
            return RunAsync(args.ToList()).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            return Fail(e, log: null);
        }
    }

    private async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var tasks = FindTasks();
        var definitions = HostOptions.Definitions
            .Select(h => _options.FirstOrDefault(o => o.Name == h.Name) ?? h)
            .Concat(_options.Where(o => HostOptions.Definitions.All(h => h.Name != o.Name)))
            .ToList();
        var problems = new List<string>();
        var line = CommandLine.Parse(args, definitions, name => tasks.Any(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase)), problems);
        var options = HostOptions.From(line, problems);
        var target = Target(options.TargetName ?? "Default", tasks, problems);
        if (options.Help)
        {
            ThrowIfAny(problems);
            Console.Out.Write(options.TargetName is null ? HelpText.General(tasks, definitions) : HelpText.ForTask(target!, tasks, definitions));
            return ExitCodes.Success;
        }

        if (options.Version)
        {
            ThrowIfAny(problems);
            Console.Out.WriteLine(typeof(CakeHost).Assembly.GetName().Version?.ToString(3));
            return ExitCodes.Success;
        }

        if (target is not null && !options.Tree && !options.Description)
        {
            problems.AddRange(OutOfScope(line, target, tasks, options.Exclusive));
        }

        ThrowIfAny(problems);

        // A task printing a JSON document owns stdout; the log and the report go to stderr. Colour is decided here
        // for this process's console only: child processes (git, kubeconform) get the user's environment unchanged.
        var json = options.Output == OutputFormat.Json || line.Values.Any(v => v.Option.OwnsStandardOutput);
        var plain = json || !string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("NO_COLOR")) || Console.IsOutputRedirected;
        var ansiConsole = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Out = new AnsiConsoleOutput(json ? Console.Error : Console.Out),
        });
        var environment = new CakeEnvironment(new CakePlatform(), new CakeRuntime());
        IConsole console = plain ? new PlainConsole(json ? Console.Error : Console.Out) : new CakeConsole(environment);
        var log = new CakeBuildLog(console, options.Verbosity);
        try
        {
            return await RunTargetAsync(options, target!, tasks, environment, log, ansiConsole, console);
        }
        catch (Exception e)
        {
            return Fail(e, log);
        }
    }

    private async Task<int> RunTargetAsync(
        HostOptions options, TaskInfo target, IReadOnlyList<TaskInfo> tasks, CakeEnvironment environment, ICakeLog log, IAnsiConsole ansiConsole, IConsole console)
    {
        var working = WorkingDirectory(options.WorkingDirectory);
        if (!Directory.Exists(working))
        {
            throw new CommandLineException([$"--working: the directory '{working}' does not exist."]);
        }

        environment.WorkingDirectory = new DirectoryPath(working);
        var data = new CakeDataService();
        data.Add(options with { TargetName = target.Name });
        var context = CreateContext(environment, log, options, data);
        IFrostingContext frostingContext;
        try
        {
            frostingContext = (IFrostingContext)Activator.CreateInstance(_contextType, context)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            // The context reads and checks its arguments once, here: its problems are the command line's.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }

        var engine = new CakeEngine(data, log);
        var reportPrinter = new CakeSpectreReportPrinter(ansiConsole);
        IScriptHost host = options switch
        {
            { Description: true } => new DescriptionScriptHost(engine, frostingContext, ansiConsole),
            { Tree: true } => new TreeScriptHost(engine, frostingContext, console),
            _ => new BuildScriptHost<IFrostingContext>(
                engine,
                new DefaultExecutionStrategy(log, reportPrinter),
                frostingContext,
                reportPrinter,
                context.Configuration,
                log),
        };

        foreach (var task in tasks)
        {
            Register(host, task, frostingContext);
        }

        if (options.Exclusive)
        {
            host.Settings.UseExclusiveTarget();
        }

        await host.RunTargetAsync(target.Name);
        return ExitCodes.Success;
    }

    private static int Fail(Exception exception, ICakeLog? log) =>
        ErrorReport.Write(exception, line =>
        {
            if (log is null)
            {
                Console.Error.WriteLine(line);
            }
            else
            {
                log.Error("{0}", line);
            }
        }, Console.Error);

    private static void ThrowIfAny(List<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new CommandLineException(problems);
        }
    }

    /// <summary>The task named <paramref name="name"/> (any case), or null with a problem naming the closest one.</summary>
    private static TaskInfo? Target(string name, IReadOnlyList<TaskInfo> tasks, List<string> problems)
    {
        if (tasks.FirstOrDefault(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } task)
        {
            return task;
        }

        var closest = CommandLine.Closest(name, tasks.Select(t => (t.Name, t.Name)));
        problems.Add($"The target '{name}' does not exist{(closest is null ? "." : $"; did you mean '{closest}'?")} " +
                     $"Valid targets: {string.Join(", ", tasks.Select(t => t.Name))}.");
        return null;
    }

    /// <summary>Options that no task of this run reads: a typo of a task's option, or an option of another task.</summary>
    private static IEnumerable<string> OutOfScope(ParsedCommandLine line, TaskInfo target, IReadOnlyList<TaskInfo> tasks, bool exclusive)
    {
        var run = TaskInfo.RunOf(target, tasks, exclusive).Select(t => t.Type).ToHashSet();
        return line.Values
            .Select(v => v.Option)
            .Distinct()
            .Where(o => o.Tasks.Count > 0 && (o.TargetOnly ? !o.Tasks.Contains(target.Type) : !o.Tasks.Any(run.Contains)))
            .Select(o => $"--{o.Name} is not read by {target.Name}{(exclusive || o.TargetOnly ? "" : " or the tasks it runs")}; " +
                         $"it is read by {string.Join(", ", tasks.Where(t => o.Tasks.Contains(t.Type)).Select(t => t.Name))}.");
    }

    private List<TaskInfo> FindTasks()
    {
        var types = _contextType.Assembly.GetTypes()
            .Where(t => typeof(IFrostingTask).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .ToList();
        return types
            .Select(t => new TaskInfo(
                t,
                TaskName(t),
                t.GetCustomAttribute<TaskDescriptionAttribute>()?.Description,
                t.GetCustomAttributes<IsDependentOnAttribute>().Select(d => TaskName(d.Task))
                    .Concat(types.Where(o => o.GetCustomAttributes<IsDependeeOfAttribute>().Any(d => d.Task == t)).Select(TaskName))
                    .ToList()))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static string TaskName(Type type) =>
        type.GetCustomAttribute<TaskNameAttribute>()?.Name ?? type.Name;

    private static void Register(IScriptHost host, TaskInfo info, IFrostingContext context)
    {
        var type = info.Type;
        var task = (IFrostingTask)Activator.CreateInstance(type)!;
        var builder = host.Task(info.Name);
        if (info.Description is { } description)
        {
            builder.Description(description);
        }

        foreach (var dependency in type.GetCustomAttributes<IsDependentOnAttribute>())
        {
            builder.IsDependentOn(TaskName(dependency.Task));
        }

        foreach (var dependee in type.GetCustomAttributes<IsDependeeOfAttribute>())
        {
            builder.IsDependeeOf(TaskName(dependee.Task));
        }

        builder.WithCriteria(_ => task.ShouldRun(context));
        builder.Does(() => task.RunAsync(context));

        // Cake treats any OnError handler as "handled" (the run would exit 0): attach only overridden ones.
        if (Overrides(type, nameof(IFrostingTask.OnError)))
        {
            builder.OnError(exception => task.OnError(exception, context));
        }

        if (Overrides(type, nameof(IFrostingTask.Finally)))
        {
            builder.Finally(() => task.Finally(context));
        }
    }

    private static bool Overrides(Type type, string method) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Any(m => m.Name == method && m.DeclaringType == type);

    private static CakeContext CreateContext(CakeEnvironment environment, ICakeLog log, HostOptions options, ICakeDataService data)
    {
        var services = new CakeServices(environment, log);
        var arguments = options.Arguments.ToLookup(a => a.Key, a => a.Value, StringComparer.OrdinalIgnoreCase);
        return new CakeContext(
            services.FileSystem,
            environment,
            services.Globber,
            log,
            new CakeArguments(arguments),
            services.ProcessRunner,
            new WindowsRegistry(),
            services.Tools,
            data,
            services.Configuration,
            new ToolInstaller(environment, services.Tools, services.Configuration, log, []),
            new NoServices());
    }

    /// <summary>--working, else the folder holding build.sh above this assembly, else the current folder.</summary>
    private static string WorkingDirectory(string? option)
    {
        if (option is not null)
        {
            return System.IO.Path.GetFullPath(option);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "build.sh")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    /// <summary>Tasks get their collaborators from the typed context, not from a container.</summary>
    private sealed class NoServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
