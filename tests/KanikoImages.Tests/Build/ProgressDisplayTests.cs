using System.Collections.Concurrent;
using KanikoImages.Build;
using KanikoImages.Images;
using KanikoImages.Images.Hashing;
using KanikoImages.Manifests;
using KanikoImages.Tests.Images;
using KanikoImages.Tests.Manifests;
using KanikoImages.Validation;
using Spectre.Console;

namespace KanikoImages.Tests.Build;

/// <summary>
/// Progress of long steps: src/ reports it through IProgress, the build project shows it (a live bar on a
/// terminal, lines when piped or in CI, nothing for short steps, never on standard output).
/// </summary>
public sealed class ProgressDisplayTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false, null, "xterm-256color", ProgressStyle.Live)]
    [InlineData(true, null, "xterm-256color", ProgressStyle.Lines)]
    [InlineData(false, "true", "xterm-256color", ProgressStyle.Lines)]
    [InlineData(false, null, "dumb", ProgressStyle.Lines)]
    public void A_terminal_gets_the_live_bar_and_pipes_and_CI_get_lines(bool errorRedirected, string? ci, string? term, ProgressStyle expected)
    {
        Assert.Equal(expected, ProgressDisplay.StyleFor(errorRedirected, ci, term));
    }

    [Fact]
    public void A_long_step_writes_lines_with_its_latest_count()
    {
        var lines = new BlockingCollection<string>();
        var display = new ProgressDisplay(ProgressStyle.Lines, lines.Add, terminal: null) { Delay = TimeSpan.Zero, LineInterval = TimeSpan.FromMilliseconds(10) };

        var result = display.Track(progress =>
        {
            progress.Report(new WorkProgress("generating Jobs", 6, 10));
            progress.Report(new WorkProgress("generating Jobs", 5, 10));
            Assert.True(lines.TryTake(out var line, Patience), "no progress line was written");
            return line;
        });

        Assert.Equal("generating Jobs: 6 of 10 (60%)", result);
    }

    [Fact]
    public void A_step_shorter_than_the_delay_shows_nothing_and_its_exception_is_the_callers()
    {
        var lines = new List<string>();
        var display = new ProgressDisplay(ProgressStyle.Lines, lines.Add, terminal: null) { Delay = TimeSpan.FromMinutes(5) };

        var result = display.Track(progress =>
        {
            progress.Report(new WorkProgress("hashing images", 1, 1));
            return 42;
        });
        var error = Assert.Throws<ManifestException>(() => display.Track<int>(_ => throw new ManifestException("bad image")));

        Assert.Equal(42, result);
        Assert.Equal("bad image", error.Message);
        Assert.Empty(lines);
    }

    [Fact]
    public void On_a_terminal_the_live_bar_shows_the_step()
    {
        var output = new StringWriter();
        var synchronized = TextWriter.Synchronized(output);
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(synchronized),
        });
        var display = new ProgressDisplay(ProgressStyle.Live, _ => Assert.Fail("no lines on a terminal"), terminal) { Delay = TimeSpan.Zero };

        display.Track(progress =>
        {
            progress.Report(new WorkProgress("checking documents", 1234, null));
            var deadline = DateTime.UtcNow + Patience;
            while (!Written(synchronized, output).Contains("checking documents: 1,234") && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }

            return 0;
        });

        Assert.Contains("checking documents: 1,234", Written(synchronized, output));
    }

    [Fact]
    public void Hashing_generating_and_checking_report_every_item()
    {
        using var repo = new ImageRepo();
        repo.Write("images/a/Dockerfile", "FROM busybox\n");
        repo.Write("images/b/Dockerfile", "FROM alpine\n");
        var hashed = new Collector();
        var catalog = CatalogLoader.Load(repo.Path, new Dictionary<string, string>(), new Dictionary<string, string>(), FileSystemExecutableBits.Instance, index: null, hashed);
        using var images = GoldenCatalog.Create();
        var generated = new Collector();
        var manifests = ManifestGenerator.Generate(images.Catalog, images.Root, GoldenCatalog.Sources(), new ManifestOptions(false), generated);
        var manifest = Path.Combine(images.Root, "manifest.yaml");
        using (var file = File.Create(manifest))
        {
            manifests.Manifest.WriteTo(file);
        }

        var checkedDocuments = new Collector();
        var offline = new ValidationOptions { SchemaLocations = [images.Root], IgnoreMissingSchemas = true };
        ManifestValidator.Validate([manifest], offline, progress: checkedDocuments);

        Assert.Equal([new WorkProgress("hashing images", 1, 2), new WorkProgress("hashing images", 2, 2)], hashed.Sorted());
        Assert.Equal(Enumerable.Range(1, 3).Select(i => new WorkProgress("generating Jobs", i, 3)), generated.Sorted());
        Assert.Equal(
            [.. Enumerable.Range(1, 7).Select(i => new WorkProgress("checking documents", i, null)), new WorkProgress("running kubeconform", 7, 7)],
            checkedDocuments.Sorted());
    }

    private static string Written(TextWriter synchronized, StringWriter output)
    {
        lock (synchronized)
        {
            return output.ToString();
        }
    }

    /// <summary>Every report, synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class Collector : IProgress<WorkProgress>
    {
        private readonly ConcurrentQueue<WorkProgress> _reports = new();

        public void Report(WorkProgress value) => _reports.Enqueue(value);

        public List<WorkProgress> Sorted() => _reports.OrderBy(r => r.Step == "running kubeconform").ThenBy(r => r.Done).ToList();
    }
}
