using System.Text.Json;
using KanikoImages.Images;
using KanikoImages.Status;
using static KanikoImages.Tests.Status.ClusterObjects;

namespace KanikoImages.Tests.Status;

/// <summary>One Status read through KubernetesClient against the fake API server: the join with the catalog, digests, failures.</summary>
public sealed class StatusQueryTests : IDisposable
{
    private readonly FakeCluster _cluster = new();

    private FakeKubernetesApi Api => _cluster.Api;

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public async Task Each_catalog_image_is_joined_with_the_job_of_its_current_hash()
    {
        var built = Image("built");
        var skipped = Image("skipped");
        var changed = Image("changed", content: "v2");
        var unsynced = Image("unsynced");
        var digest = DigestOf("built");
        var builtJob = Job(built).Complete(TimeSpan.FromSeconds(80));
        var skippedJob = Job(skipped).Complete(TimeSpan.FromSeconds(3));
        Api.Jobs.AddRange([builtJob, skippedJob, Job(Image("changed", content: "v1")).Complete(TimeSpan.FromSeconds(60))]);
        Api.Pods.AddRange([Pod(builtJob, "x1", "Succeeded", Exited(0, digest)), Pod(skippedJob, "x2", "Succeeded", Exited(0, null))]);

        var report = await Read(Catalog(built, changed, skipped, unsynced));

        Assert.Equal(
            [("built", BuildState.Built), ("changed", BuildState.NotSynced), ("skipped", BuildState.Skipped), ("unsynced", BuildState.NotSynced)],
            report.Images.Select(i => (i.Image, i.State)));
        Assert.Equal(digest, report.Images[0].Digest);
        Assert.Equal(builtJob.Metadata.Name, report.Images[0].Job);
        Assert.Equal(TimeSpan.FromSeconds(80), report.Images[0].Duration);
        Assert.Equal(Namespace, report.Namespace);
    }

    [Fact]
    public async Task Large_namespaces_are_read_page_by_page()
    {
        var images = Enumerable.Range(0, 1100).Select(i => Image($"img{i:0000}")).ToArray();
        foreach (var image in images)
        {
            var job = Job(image).Complete(TimeSpan.FromSeconds(10));
            Api.Jobs.Add(job);
            Api.Pods.Add(Pod(job, "p", "Succeeded", Exited(0, DigestOf(image.Name))));
        }

        var report = await Read(Catalog(images));

        Assert.All(report.Images, i => Assert.Equal(DigestOf(i.Image), i.Digest));
        Assert.Equal(3, Api.Requests.Count(r => r.Contains("/jobs?") && r.Contains($"limit={ClusterReader.PageSize}")));
        Assert.Equal(3, Api.Requests.Count(r => r.Contains("/pods?") && r.Contains($"limit={ClusterReader.PageSize}")));
    }

    [Fact]
    public async Task Jobs_are_listed_by_the_managed_by_label_and_unmanaged_jobs_are_ignored()
    {
        var app = Image("app");
        var foreign = Job(app).Complete(TimeSpan.FromSeconds(1));
        foreign.Metadata.Labels["app.kubernetes.io/managed-by"] = "someone-else";
        Api.Jobs.Add(foreign);

        var report = await Read(Catalog(app));

        Assert.Equal(BuildState.NotSynced, Assert.Single(report.Images).State);
        Assert.Contains(Api.Requests, r => r.StartsWith("GET /apis/batch/v1/namespaces/kaniko-builds/jobs?", StringComparison.Ordinal)
            && Uri.UnescapeDataString(r).Contains("labelSelector=app.kubernetes.io/managed-by=kaniko-k8s-images"));
    }

    [Fact]
    public async Task Failed_build_carries_the_reason_and_the_last_lines_of_the_kaniko_log()
    {
        var app = Image("app");
        var job = Job(app).Failed(TimeSpan.FromMinutes(4), "BackoffLimitExceeded", "Job has reached the specified backoff limit");
        var pod = Pod(job, "p1", "Failed", Exited(1, null));
        Api.Jobs.Add(job);
        Api.Pods.Add(pod);
        Api.Logs[pod.Metadata.Name] = string.Join("\n", Enumerable.Range(1, 30).Select(i => $"line {i}")) +
            "\nerror building image: error building stage: failed to execute command: exit status 127\n";

        var status = Assert.Single((await Read(Catalog(app))).Images);

        Assert.Equal(BuildState.Failed, status.State);
        Assert.Equal("BackoffLimitExceeded: Job has reached the specified backoff limit; container kaniko: Error, exit code 1", status.Reason);
        Assert.Equal(StatusQuery.LogTailLines, status.LogTail.Count);
        Assert.Equal("error building image: error building stage: failed to execute command: exit status 127", status.LogTail[^1]);
        Assert.Equal("line 22", status.LogTail[0]);
        Assert.Contains(Api.Requests, r => r.StartsWith($"GET /api/v1/namespaces/kaniko-builds/pods/{pod.Metadata.Name}/log?", StringComparison.Ordinal)
            && r.Contains("container=kaniko") && r.Contains("tailLines=10"));
    }

    [Fact]
    public async Task Log_that_cannot_be_read_leaves_the_failure_reason_standing()
    {
        var app = Image("app");
        var job = Job(app).Failed(TimeSpan.FromMinutes(1), "BackoffLimitExceeded", "limit");
        Api.Jobs.Add(job);
        Api.Pods.Add(Pod(job, "p1", "Failed", Exited(1, null)));
        Api.Forbidden.Add("get pods/log");

        var status = Assert.Single((await Read(Catalog(app))).Images);

        Assert.Equal(BuildState.Failed, status.State);
        Assert.Empty(status.LogTail);
        Assert.Contains(Api.Requests, r => r.Contains("/log?"));
        Assert.StartsWith("BackoffLimitExceeded: limit", status.Reason);
    }

    [Fact]
    public async Task Json_output_has_one_object_per_image_with_state_digest_and_reason()
    {
        var built = Image("built");
        var failed = Image("failed");
        var digest = DigestOf("built");
        var builtJob = Job(built).Complete(TimeSpan.FromSeconds(61));
        var failedJob = Job(failed).Failed(TimeSpan.FromSeconds(30), "BackoffLimitExceeded", "limit");
        Api.Jobs.AddRange([builtJob, failedJob]);
        Api.Pods.AddRange([Pod(builtJob, "a", "Succeeded", Exited(0, digest)), Pod(failedJob, "b", "Failed", Exited(1, null))]);
        Api.Logs[$"{failedJob.Metadata.Name}-b"] = "error: push denied\n";

        using var json = JsonDocument.Parse(StatusJson.Serialize(await Read(Catalog(built, failed, Image("new")))));

        var root = json.RootElement;
        Assert.Equal(Namespace, root.GetProperty("namespace").GetString());
        var images = root.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(["built", "failed", "new"], images.Select(i => i.GetProperty("image").GetString()));
        Assert.Equal(["built", "failed", "not-synced"], images.Select(i => i.GetProperty("state").GetString()));
        Assert.Equal(digest, images[0].GetProperty("digest").GetString());
        Assert.Equal(built.Hash.Value, images[0].GetProperty("contentHash").GetString());
        Assert.Equal(builtJob.Metadata.Name, images[0].GetProperty("job").GetString());
        Assert.Equal(61, images[0].GetProperty("durationSeconds").GetInt64());
        Assert.Equal("BackoffLimitExceeded: limit; container kaniko: Error, exit code 1", images[1].GetProperty("reason").GetString());
        Assert.Equal(["error: push denied"], images[1].GetProperty("logTail").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(JsonValueKind.Null, images[2].GetProperty("job").ValueKind);
        Assert.Equal(JsonValueKind.Null, images[2].GetProperty("durationSeconds").ValueKind);
    }

    [Fact]
    public async Task Table_rows_show_the_short_hash_state_duration_and_digest()
    {
        var app = Image("app");
        var digest = DigestOf("app");
        var job = Job(app).Complete(TimeSpan.FromSeconds(125));
        Api.Jobs.Add(job);
        Api.Pods.Add(Pod(job, "a", "Succeeded", Exited(0, digest)));

        var rows = StatusText.Rows(await Read(Catalog(app, Image("web"))));

        Assert.Equal(["app", app.Hash.Short, "built", "2m05s", digest, ""], rows[0]);
        Assert.Equal(["web", Image("web").Hash.Short, "not-synced", "", "", ""], rows[1]);
    }

    private Task<StatusReport> Read(ImageCatalog catalog) =>
        StatusQuery.ReadAsync(_cluster.Reader, catalog, TimeProvider.System, CancellationToken.None);
}
