using KanikoImages.Images;
using Spectre.Console;

namespace KanikoImages.Build;

/// <summary>How progress is shown: a live bar on an interactive terminal, a plain line every few seconds otherwise.</summary>
public enum ProgressStyle
{
    Live,
    Lines,
}

/// <summary>
/// Shows the progress src/ reports while a step runs, once it has run longer than <see cref="Delay"/>: short
/// steps stay silent. The live bar goes to standard error, so standard output (a --output json document) never
/// carries it; the lines go to the log, which is on standard error under --output json.
/// </summary>
public sealed class ProgressDisplay(ProgressStyle style, Action<string> writeLine, IAnsiConsole? terminal)
{
    /// <summary>How long a step runs before its progress is shown.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a line is written in the <see cref="ProgressStyle.Lines"/> style.</summary>
    public TimeSpan LineInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Live on a terminal (standard error not redirected, not CI, TERM not dumb); lines otherwise.</summary>
    public static ProgressStyle StyleFor(bool errorRedirected, string? ci, string? term) =>
        !errorRedirected && string.IsNullOrEmpty(ci) && term != "dumb" ? ProgressStyle.Live : ProgressStyle.Lines;

    /// <summary>The display for this process: its standard error, its environment, lines through <paramref name="log"/>.</summary>
    public static ProgressDisplay ForProcess(Action<string> log)
    {
        var style = StyleFor(Console.IsErrorRedirected, System.Environment.GetEnvironmentVariable("CI"), System.Environment.GetEnvironmentVariable("TERM"));
        var terminal = style == ProgressStyle.Live
            ? AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.Yes,
                Interactive = InteractionSupport.Yes,
                ColorSystem = string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("NO_COLOR")) ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
                Out = new AnsiConsoleOutput(Console.Error),
            })
            : null;
        return new ProgressDisplay(style, log, terminal);
    }

    /// <summary>Runs <paramref name="work"/>, showing what it reports; its result or exception is the caller's.</summary>
    public T Track<T>(Func<IProgress<WorkProgress>, T> work)
    {
        var latest = new Latest();
        var running = Task.Run(() => work(latest));
        if (!Finished(running, Delay))
        {
            if (style == ProgressStyle.Live && terminal is not null)
            {
                ShowLive(running, latest, terminal);
            }
            else
            {
                ShowLines(running, latest);
            }
        }

        return running.GetAwaiter().GetResult();
    }

    /// <summary>"hashing images: 1,200 of 2,000 (60%)", or "checking documents: 3,400" when the total is unknown.</summary>
    public static string Text(WorkProgress progress) => progress.Total is { } total
        ? $"{progress.Step}: {progress.Done:N0} of {total:N0} ({(total == 0 ? 100 : progress.Done * 100 / total)}%)"
        : $"{progress.Step}: {progress.Done:N0}";

    private void ShowLines(Task running, Latest latest)
    {
        do
        {
            if (latest.Value is { } progress)
            {
                writeLine(Text(progress));
            }
        }
        while (!Finished(running, LineInterval));
    }

    private static void ShowLive(Task running, Latest latest, IAnsiConsole terminal) =>
        terminal.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var bar = context.AddTask("starting");
                while (!Finished(running, TimeSpan.FromMilliseconds(100)))
                {
                    if (latest.Value is { } progress)
                    {
                        bar.Description = Markup.Escape(Text(progress));
                        bar.IsIndeterminate = progress.Total is null;
                        bar.MaxValue = Math.Max(1, progress.Total ?? 1);
                        bar.Value = Math.Min(progress.Done, bar.MaxValue);
                    }

                    context.Refresh();
                }
            });

    private static bool Finished(Task task, TimeSpan wait) => Task.WaitAny([task], wait) == 0;

    /// <summary>The furthest report of the current step: parallel workers may report their counts out of order.</summary>
    private sealed class Latest : IProgress<WorkProgress>
    {
        private readonly Lock _lock = new();
        private WorkProgress? _value;

        public WorkProgress? Value
        {
            get
            {
                lock (_lock)
                {
                    return _value;
                }
            }
        }

        public void Report(WorkProgress value)
        {
            lock (_lock)
            {
                if (_value is not { } current || current.Step != value.Step || current.Done < value.Done)
                {
                    _value = value;
                }
            }
        }
    }
}
