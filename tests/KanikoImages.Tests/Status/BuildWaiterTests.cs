using System.Diagnostics;
using k8s;
using KanikoImages.Images;
using KanikoImages.Status;
using static KanikoImages.Tests.Status.ClusterObjects;

namespace KanikoImages.Tests.Status;

/// <summary>--wait: one list, then the Job watch stream of the fake API server, until every build finished or time ran out.</summary>
public sealed class BuildWaiterTests : IDisposable
{
    private readonly FakeCluster _cluster = new();
    private readonly List<string> _progress = [];

    private FakeKubernetesApi Api => _cluster.Api;

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public async Task Wait_ends_when_a_watch_event_finishes_the_last_build()
    {
        var app = Image("app");
        var done = Image("done");
        var running = Job(app).Running();
        var doneJob = Job(done).Complete(TimeSpan.FromSeconds(2));
        Api.Jobs.AddRange([running, doneJob]);
        var digest = DigestOf("app");
        Api.Pods.Add(Pod(running, "a", "Succeeded", Exited(0, digest)));
        Api.Watch(WatchEventType.Modified, Job(app).Complete(TimeSpan.FromSeconds(90)));
        Api.WatchStarted += () => Api.Jobs[0] = Job(app).Complete(TimeSpan.FromSeconds(90));

        var outcome = await WaitAsync(Catalog(app, done), TimeSpan.FromMinutes(1));

        Assert.Null(outcome.Problem);
        Assert.Null(outcome.TimedOutAfter);
        Assert.Equal([BuildState.Built, BuildState.Skipped], outcome.Report.Images.Select(i => i.State));
        Assert.Equal(digest, outcome.Report.Images[0].Digest);
        Assert.Equal(["1 of 2 finished; waiting for app (running 3m00s)", "2 of 2 finished"], _progress);
        Assert.Single(Api.Requests, r => r.Contains("watch=true"));
        Assert.Contains(Api.Requests, r => r.Contains("watch=true") && r.Contains("resourceVersion=1000") && r.Contains("allowWatchBookmarks=true"));
    }

    [Fact]
    public async Task Job_created_by_a_sync_while_waiting_is_followed_to_its_end()
    {
        var app = Image("app");
        var other = Image("other");
        Api.Jobs.Add(Job(other).Complete(TimeSpan.FromSeconds(1)));
        Api.Watch(WatchEventType.Added, Job(app));
        Api.Watch(WatchEventType.Modified, Job(app).Running());
        Api.Watch(WatchEventType.Modified, Job(app).Failed(TimeSpan.FromMinutes(1), "BackoffLimitExceeded", "limit"));
        Api.WatchStarted += () => Api.Jobs.Add(Job(app).Failed(TimeSpan.FromMinutes(1), "BackoffLimitExceeded", "limit"));

        var outcome = await WaitAsync(Catalog(app, other), TimeSpan.FromMinutes(1));

        Assert.Equal("1 of 2 builds failed: app (failed).", outcome.Problem);
        Assert.Equal(
            ["1 of 2 finished; waiting for app (not-synced)", "1 of 2 finished; waiting for app (pending 3m00s)", "1 of 2 finished; waiting for app (running 3m00s)", "2 of 2 finished"],
            _progress);
        Assert.Equal("BackoffLimitExceeded: limit", outcome.Report.Images[0].Reason);
    }

    [Fact]
    public async Task Wait_times_out_naming_the_builds_still_running()
    {
        var app = Image("app");
        Api.Jobs.Add(Job(app).Running());
        var watch = Stopwatch.StartNew();

        var outcome = await WaitAsync(Catalog(app), TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromSeconds(1), outcome.TimedOutAfter);
        Assert.Equal("Timed out after 1s waiting for app (running).", outcome.Problem);
        Assert.Equal(BuildState.Running, Assert.Single(outcome.Report.Images).State);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Single(Api.Requests, r => r.Contains("watch=true"));
    }

    [Fact]
    public async Task Watch_ended_by_the_server_is_resumed_from_a_new_list()
    {
        var app = Image("app");
        Api.Jobs.Add(Job(app).Running());
        Api.EndWatch();

        Api.WatchStarted += () => Api.Jobs[0] = Job(app).Complete(TimeSpan.FromSeconds(5));

        var outcome = await WaitAsync(Catalog(app), TimeSpan.FromMinutes(1));

        Assert.Null(outcome.Problem);
        Assert.Equal(BuildState.Skipped, Assert.Single(outcome.Report.Images).State);

        // The first list, the list after the watch ended, and the final read.
        Assert.Equal(3, Api.Requests.Count(r => r.Contains("/jobs?") && !r.Contains("watch=true")));
    }

    [Fact]
    public async Task Watch_error_event_starts_over_from_a_new_list()
    {
        var app = Image("app");
        Api.Jobs.Add(Job(app).Running());
        Api.WatchGone();
        Api.WatchStarted += () => Api.Jobs[0] = Job(app).Failed(TimeSpan.FromSeconds(5), "BackoffLimitExceeded", "limit");

        var outcome = await WaitAsync(Catalog(app), TimeSpan.FromMinutes(1));

        Assert.Equal("1 of 1 builds failed: app (failed).", outcome.Problem);
        Assert.Equal(3, Api.Requests.Count(r => r.Contains("/jobs?") && !r.Contains("watch=true")));
    }

    [Fact]
    public async Task Refused_watch_names_the_watch_verb()
    {
        var app = Image("app");
        Api.Jobs.Add(Job(app).Running());
        Api.Forbidden.Add("watch jobs");

        var error = await Assert.ThrowsAsync<StatusException>(() => WaitAsync(Catalog(app), TimeSpan.FromMinutes(1)));

        Assert.Contains("Grant the verb \"watch\" on resource \"jobs\" (API group \"batch\")", error.Message);
    }

    private Task<WaitOutcome> WaitAsync(ImageCatalog catalog, TimeSpan timeout) =>
        new BuildWaiter(_cluster.Reader, catalog, new FixedClock(Start + TimeSpan.FromMinutes(3)))
            .WaitAsync(timeout, r => _progress.Add(StatusText.Progress(r)), CancellationToken.None);

    /// <summary>"Now" fixed for the durations shown; timers stay real.</summary>
    private sealed class FixedClock(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
