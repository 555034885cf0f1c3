using System.Text;

namespace KanikoImages.Build.Host;

/// <summary>--help and --help TASK, written from the same option definitions and task classes the parser uses.</summary>
public static class HelpText
{
    public static string General(IReadOnlyList<TaskInfo> tasks, IReadOnlyList<OptionDefinition> options)
    {
        var text = new StringBuilder();
        text.AppendLine("Usage: ./build.sh [TASK] [OPTIONS]     (./build.ps1 on Windows; no TASK runs Default)");
        text.AppendLine("       ./build.sh --help TASK          (that task's description, dependencies and options)");
        text.AppendLine();
        text.AppendLine("Tasks:");
        foreach (var task in tasks)
        {
            text.AppendLine($"  {task.Name,-20} {task.Description}");
        }

        foreach (var section in options.GroupBy(o => o.Section))
        {
            var list = section.ToList();
            var shared = list.All(o => o.Tasks.SequenceEqual(list[0].Tasks)) && list[0].Tasks.Count > 0;
            text.AppendLine();
            text.AppendLine(shared ? $"{section.Key} (read by {Readers(list[0], tasks)}):" : section.Key + ":");
            Options(text, list, shared ? null : tasks);
        }

        text.AppendLine();
        text.AppendLine("Option names are case-insensitive. Flags take --x, --x=true or --x=false. An option no task of the");
        text.AppendLine("run reads is an error. Settings: command line > environment > images.yaml > default.");
        ExitCodeLines(text);
        return text.ToString();
    }

    public static string ForTask(TaskInfo task, IReadOnlyList<TaskInfo> tasks, IReadOnlyList<OptionDefinition> options)
    {
        var text = new StringBuilder();
        text.AppendLine($"{task.Name}: {task.Description}");
        text.AppendLine();
        var before = TaskInfo.RunOf(task, tasks, exclusive: false).Where(t => t != task).Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
        text.AppendLine(task.Dependencies.Count == 0
            ? "Depends on: nothing"
            : $"Depends on: {string.Join(", ", task.Dependencies)} (runs {string.Join(", ", before)} first; --exclusive skips them)");
        var own = options.Where(o => o.Tasks.Contains(task.Type)).ToList();
        foreach (var section in own.GroupBy(o => o.Section))
        {
            text.AppendLine();
            text.AppendLine($"{section.Key}:");
            Options(text, section.ToList(), null);
        }

        text.AppendLine();
        text.AppendLine($"The host options (./build.sh --help) apply too{(before.Count > 0 ? ", and so do the options of the tasks it runs first" : "")}.");
        ExitCodeLines(text);
        return text.ToString();
    }

    /// <param name="tasks">Given: each line names the tasks that read its option.</param>
    private static void Options(StringBuilder text, IReadOnlyList<OptionDefinition> options, IReadOnlyList<TaskInfo>? tasks)
    {
        var usages = options.Select(Usage).ToList();
        var width = usages.Max(u => u.Length);
        var environmentWidth = options.Max(o => o.Environment?.Length ?? 0);
        for (var i = 0; i < options.Count; i++)
        {
            var option = options[i];
            var environment = environmentWidth == 0 ? "" : (option.Environment ?? "").PadRight(environmentWidth) + "  ";
            var readers = tasks is null || option.Tasks.Count == 0 ? "" : $" [{Readers(option, tasks)}{(option.TargetOnly ? ": as the target" : "")}]";
            text.AppendLine($"  {usages[i].PadRight(width)}  {environment}{option.Help}{readers}".TrimEnd());
        }
    }

    private static string Readers(OptionDefinition option, IReadOnlyList<TaskInfo> tasks) =>
        string.Join(", ", tasks.Where(t => option.Tasks.Contains(t.Type)).Select(t => t.Name));

    private static string Usage(OptionDefinition option)
    {
        var shortForms = option.Aliases.Where(a => a.Length == 1).Select(a => "-" + a);
        var words = option.Aliases.Where(a => a.Length > 1).Select(a => "--" + a);
        return string.Join(", ", shortForms.Append(option.Usage).Concat(words));
    }

    private static void ExitCodeLines(StringBuilder text)
    {
        text.AppendLine();
        text.AppendLine("Exit codes:");
        text.AppendLine($"  {ExitCodes.Success,-3} success");
        text.AppendLine($"  {ExitCodes.Failure,-3} a task failed or the input was bad (bad option, images/, deploy/, refused push): the message says what");
        text.AppendLine($"  {ExitCodes.Bug,-3} a bug in the build itself: the full exception is printed; please report it");
    }
}
