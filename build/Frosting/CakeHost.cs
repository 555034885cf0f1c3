using System.Reflection;
using Cake.Cli;
using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Scripting;
using Cake.Core.Tooling;
using Spectre.Console;

namespace Cake.Frosting;

/// <summary>
/// The host: parses the command line, builds Cake.Core's services and typed context, registers the task
/// classes with Cake's engine and runs the target through Cake.Cli's script hosts (the ones Frosting uses
/// for a run, --tree and --description). Task ordering, criteria, error handling and the end-of-run report
/// are all Cake.Core's.
/// </summary>
public sealed class CakeHost
{
    private Type _contextType = typeof(FrostingContext);

    public CakeHost UseContext<TContext>()
        where TContext : IFrostingContext
    {
        _contextType = typeof(TContext);
        return this;
    }

    public int Run(IEnumerable<string> args) => RunAsync(args).GetAwaiter().GetResult();

    public async Task<int> RunAsync(IEnumerable<string> args)
    {
        var taskTypes = FindTaskTypes();
        var taskNames = taskTypes.Select(TaskName).ToList();
        HostOptions options;
        try
        {
            options = HostOptions.Parse(args.ToList(), name => taskNames.Contains(name, StringComparer.OrdinalIgnoreCase));
        }
        catch (HostOptionsException e)
        {
            Console.Error.WriteLine($"Error: {e.Message}");
            return 1;
        }

        if (options.Help)
        {
            Console.Out.Write(HelpText(taskTypes));
            return 0;
        }

        if (options.Version)
        {
            Console.Out.WriteLine(typeof(CakeHost).Assembly.GetName().Version?.ToString(3));
            return 0;
        }

        // A task printing a machine-readable document owns stdout; the log and the report go to stderr.
        var machineOutput = options.Arguments.Any(a =>
            a.Key.Equals("json", StringComparison.OrdinalIgnoreCase) ||
            (a.Key.Equals("output", StringComparison.OrdinalIgnoreCase) && a.Value.Equals("json", StringComparison.OrdinalIgnoreCase)));
        var noColor = machineOutput || PreferNoColor();
        var ansiConsole = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = noColor ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = noColor ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Out = new AnsiConsoleOutput(machineOutput ? Console.Error : Console.Out),
        });
        var environment = new CakeEnvironment(new CakePlatform(), new CakeRuntime());
        IConsole console = machineOutput ? new StandardErrorConsole() : new CakeConsole(environment);
        var log = new CakeBuildLog(console, options.Verbosity);
        var working = WorkingDirectory(options.Working);
        if (!Directory.Exists(working))
        {
            log.Error("Working directory '{0}' does not exist.", working);
            return 1;
        }

        environment.WorkingDirectory = new DirectoryPath(working);
        var context = CreateContext(environment, log, options);
        var frostingContext = (IFrostingContext)Activator.CreateInstance(_contextType, context)!;
        var engine = new CakeEngine(new CakeDataService(), log);
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

        foreach (var type in taskTypes)
        {
            Register(host, type, frostingContext);
        }

        var target = options.Target ?? "Default";
        if (!options.Description && !host.Tasks.Any(t => t.Name.Equals(target, StringComparison.OrdinalIgnoreCase)))
        {
            log.Error(
                "The target '{0}' does not exist. Valid targets: {1}.",
                target,
                string.Join(", ", host.Tasks.Select(t => t.Name).Order(StringComparer.Ordinal)));
            return 1;
        }

        if (options.Exclusive)
        {
            host.Settings.UseExclusiveTarget();
        }

        try
        {
            await host.RunTargetAsync(target);
            return 0;
        }
        catch (Exception e)
        {
            ExceptionLogger.LogException(log, e);
            return 1;
        }
    }

    private List<Type> FindTaskTypes() =>
        _contextType.Assembly.GetTypes()
            .Where(t => typeof(IFrostingTask).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .OrderBy(TaskName, StringComparer.Ordinal)
            .ToList();

    private static string TaskName(Type type) =>
        type.GetCustomAttribute<TaskNameAttribute>()?.Name ?? type.Name;

    private static void Register(IScriptHost host, Type type, IFrostingContext context)
    {
        var task = (IFrostingTask)Activator.CreateInstance(type)!;
        var builder = host.Task(TaskName(type));
        if (type.GetCustomAttribute<TaskDescriptionAttribute>() is { } description)
        {
            builder.Description(description.Description);
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

    private static CakeContext CreateContext(CakeEnvironment environment, ICakeLog log, HostOptions options)
    {
        var services = new CakeServices(environment, log);

        // The typed context reads --dryrun like any other argument, so tasks can preview what they would do.
        var arguments = options.Arguments
            .Concat(options.DryRun ? [new KeyValuePair<string, string>("dryrun", "true")] : [])
            .ToLookup(a => a.Key, a => a.Value, StringComparer.OrdinalIgnoreCase);
        return new CakeContext(
            services.FileSystem,
            environment,
            services.Globber,
            log,
            new CakeArguments(arguments),
            services.ProcessRunner,
            new WindowsRegistry(),
            services.Tools,
            new CakeDataService(),
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

    /// <summary>Cake's console writes ANSI colour even when piped; NO_COLOR is the switch it honours.</summary>
    private static bool PreferNoColor()
    {
        if (!string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("NO_COLOR")))
        {
            return true;
        }

        if (Console.IsOutputRedirected)
        {
            System.Environment.SetEnvironmentVariable("NO_COLOR", "1");
            return true;
        }

        return false;
    }

    private static string HelpText(IEnumerable<Type> taskTypes)
    {
        var tasks = string.Join(
            System.Environment.NewLine,
            taskTypes.Select(t => $"  {TaskName(t),-20} {t.GetCustomAttribute<TaskDescriptionAttribute>()?.Description}"));
        return $"""
            Usage: ./build.sh [TARGET] [OPTIONS] [--name=value ...]

            Options:
              -t, --target <TARGET>      Target task to run (also the first bare argument). Default: Default
              -w, --working <DIR>        The repository to work on. Default: the folder holding build.sh
              -v, --verbosity <LEVEL>    quiet, minimal, normal, verbose or diagnostic. Default: normal
                  --dryrun               Run the graph in preview mode: tasks show what they would do, write nothing
              -e, --exclusive            Run the target without its dependencies
                  --tree                 Show the dependency tree of the target
                  --description          List every task with its description
                  --version              Print the version
              -h, --help                 Print this help

            Tasks:
            {tasks}

            """;
    }

    /// <summary>Tasks get their collaborators from the typed context, not from a container.</summary>
    private sealed class NoServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
