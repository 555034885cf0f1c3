using Cake.Core.Diagnostics;
using Cake.Frosting;
using KanikoImages.Status;
using Spectre.Console;

namespace KanikoImages.Build.Tasks;

[TaskName("Status")]
[TaskDescription("Show what happened to each image's build Job in the cluster (--wait: until all have finished)")]
public sealed class StatusTask : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var asJson = context.ReportsJson(this);
        var catalog = context.Catalog;
        using var client = ClusterConnection.Connect(
            context.KubeContext, context.ProcessEnvironment(), System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile));
        var reader = new ClusterReader(client, catalog.Settings.Namespace);
        context.Log.Information("Cluster {0} ({1}), namespace {2}", client.Server, client.Source, reader.Namespace);

        StatusReport report;
        string? problem = null;
        if (context.StatusWait)
        {
            var outcome = await new BuildWaiter(reader, catalog, TimeProvider.System)
                .WaitAsync(context.StatusTimeout, r => context.Log.Information("{0}", StatusText.Progress(r)), CancellationToken.None);
            (report, problem) = (outcome.Report, outcome.Problem);
        }
        else
        {
            report = await StatusQuery.ReadAsync(reader, catalog, TimeProvider.System, CancellationToken.None);
        }

        Console.Out.Write(asJson ? StatusJson.Serialize(report) + "\n" : Table(report));

        if (problem is not null)
        {
            throw new StatusException(problem);
        }
    }

    /// <summary>The table as plain text (no colour), wide enough that a digest stays on one line.</summary>
    private static string Table(StatusReport report)
    {
        var table = new Table().Title($"Builds in namespace {report.Namespace}");
        foreach (var column in StatusText.Columns)
        {
            table.AddColumn(column);
        }

        foreach (var row in StatusText.Rows(report))
        {
            table.AddRow(row.Select(cell => new Text(cell)).ToArray());
        }

        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = 240;
        console.Write(table);
        return text.ToString();
    }
}
