using System.Text.Json;
using k8s.Models;
using KanikoImages.Images;
using KanikoImages.Manifests;
using KanikoImages.Status;
using static KanikoImages.Tests.Status.ClusterObjects;

namespace KanikoImages.Tests.Status;

/// <summary>A multi-platform image in Status: one row (its index Job) with each platform build's state.</summary>
public sealed class PlatformStatusTests : IDisposable
{
    private readonly FakeCluster _cluster = new();

    private FakeKubernetesApi Api => _cluster.Api;

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public async Task One_row_per_image_shows_the_index_and_each_platform()
    {
        var app = TwoPlatforms("app");
        var amd = PlatformJob(app, "amd64").Complete(TimeSpan.FromSeconds(90));
        var arm = PlatformJob(app, "arm64").Running();
        var index = Job(app).Running();
        Api.Jobs.AddRange([amd, arm, index]);
        Api.Pods.AddRange([Pod(amd, "a", "Succeeded", Exited(0, DigestOf("amd"))), Pod(arm, "b", "Running", RunningState()), Pod(index, "c", "Running", RunningState())]);

        var report = await Read(Catalog(app, Image("plain")));

        var row = report.Images[0];
        Assert.Equal(2, report.Images.Count);
        Assert.Equal((index.Metadata.Name, BuildState.Running), (row.Job, row.State));
        Assert.Equal(
            [("linux/amd64", BuildState.Built, DigestOf("amd")), ("linux/arm64", BuildState.Running, null)],
            row.Platforms.Select(p => (p.Platform, p.State, p.Digest)));
        Assert.Equal("running (linux/amd64 built, linux/arm64 running)", StatusText.Rows(report)[0][2]);
        Assert.Equal("not-synced", StatusText.Rows(report)[1][2]);
        using var json = JsonDocument.Parse(StatusJson.Serialize(report));
        var platforms = json.RootElement.GetProperty("images")[0].GetProperty("platforms").EnumerateArray().ToList();
        Assert.Equal(["built", "running"], platforms.Select(p => p.GetProperty("state").GetString()));
        Assert.Equal(amd.Metadata.Name, platforms[0].GetProperty("job").GetString());
    }

    [Fact]
    public async Task A_failed_platform_fails_the_row_at_once_with_that_builds_log()
    {
        var app = TwoPlatforms("app");
        var amd = PlatformJob(app, "amd64").Complete(TimeSpan.FromSeconds(90));
        var arm = PlatformJob(app, "arm64").Failed(TimeSpan.FromSeconds(30), "BackoffLimitExceeded", "limit");
        var index = Job(app).Running();
        Api.Jobs.AddRange([amd, arm, index]);
        Api.Pods.AddRange([Pod(arm, "b", "Failed", Exited(1, null)), Pod(index, "c", "Running", RunningState())]);
        Api.Logs[$"{arm.Metadata.Name}-b"] = "exec format error\n";

        var row = Assert.Single((await Read(Catalog(app))).Images);

        Assert.Equal(BuildState.Failed, row.State);
        Assert.Equal(arm.Metadata.Name, row.Job);
        Assert.StartsWith("platform linux/arm64: BackoffLimitExceeded: limit", row.Reason);
        Assert.Equal(["exec format error"], row.LogTail);
    }

    [Fact]
    public async Task When_every_platform_and_the_index_are_done_the_row_is_the_index()
    {
        var app = TwoPlatforms("app");
        var jobs = new[] { PlatformJob(app, "amd64"), PlatformJob(app, "arm64"), Job(app) }.Select(j => j.Complete(TimeSpan.FromSeconds(5))).ToList();
        Api.Jobs.AddRange(jobs);
        Api.Pods.AddRange(jobs.Select((j, n) => Pod(j, "p" + n, "Succeeded", Exited(0, n == 2 ? DigestOf("index") : null))));

        var row = Assert.Single((await Read(Catalog(app))).Images);

        Assert.Equal((BuildState.Built, DigestOf("index")), (row.State, row.Digest));
        Assert.All(row.Platforms, p => Assert.Equal(BuildState.Skipped, p.State));
    }

    [Fact]
    public void Waiting_ends_when_the_index_finishes_or_a_platform_fails_not_when_a_platform_is_built()
    {
        var app = TwoPlatforms("app");
        var board = new WaitBoard(Catalog(app), Namespace, [PlatformJob(app, "amd64").Running(), PlatformJob(app, "arm64").Running(), Job(app).Running()], Start);

        board.Apply(k8s.WatchEventType.Modified, PlatformJob(app, "amd64").Complete(TimeSpan.FromSeconds(5)), Start);
        Assert.False(board.Finished);
        var waiting = Assert.Single(board.Progress().Waiting);
        Assert.Equal(BuildState.Running, waiting.State);
        Assert.Equal([BuildState.Skipped, BuildState.Running], waiting.Platforms.Select(p => p.State));

        board.Apply(k8s.WatchEventType.Modified, Job(app).Complete(TimeSpan.FromSeconds(9)), Start);
        Assert.True(board.Finished);

        var failing = new WaitBoard(Catalog(app), Namespace, [Job(app).Running()], Start);
        Assert.True(failing.Apply(k8s.WatchEventType.Modified, PlatformJob(app, "arm64").Failed(TimeSpan.FromSeconds(5), "BackoffLimitExceeded", "limit"), Start));
        Assert.True(failing.Finished);
    }

    private static ImageDefinition TwoPlatforms(string name) =>
        Image(name) with { Platforms = Platform.List(["linux/amd64", "linux/arm64"]) };

    /// <summary>One platform's build Job, named and labelled as the generator names and labels it.</summary>
    private static V1Job PlatformJob(ImageDefinition image, string suffix)
    {
        var job = Job(image);
        job.Metadata.Name += "-" + suffix;
        job.Metadata.Labels[ManifestConventions.PlatformLabel] = suffix;
        return job;
    }

    private Task<StatusReport> Read(ImageCatalog catalog) =>
        StatusQuery.ReadAsync(_cluster.Reader, catalog, TimeProvider.System, CancellationToken.None);
}
