using k8s.Models;
using KanikoImages.Images;
using KanikoImages.Status;
using static KanikoImages.Tests.Status.ClusterObjects;

namespace KanikoImages.Tests.Status;

/// <summary>Each state an image's build can be in, decided from the Job and its pods as the API server returns them.</summary>
public sealed class BuildClassifierTests
{
    private static readonly DateTime Now = Start + TimeSpan.FromMinutes(7);
    private readonly ImageDefinition _app = Image("app");

    [Fact]
    public void No_job_for_the_current_hash_is_not_synced()
    {
        var status = BuildClassifier.Classify(_app, null, [], Now);

        Assert.Equal(BuildState.NotSynced, status.State);
        Assert.Null(status.Job);
        Assert.Null(status.Duration);
        Assert.Equal(_app.Hash.Value, status.ContentHash);
    }

    [Fact]
    public void Job_without_a_running_pod_is_pending_with_the_waiting_reason()
    {
        var job = Job(_app);
        var pod = Pod(job, "a", "Pending", Waiting("ImagePullBackOff", "Back-off pulling image \"ghcr.io/osscontainertools/kaniko\""));

        var status = BuildClassifier.Classify(_app, job, [pod], Now);

        Assert.Equal(BuildState.Pending, status.State);
        Assert.Equal("container kaniko: ImagePullBackOff: Back-off pulling image \"ghcr.io/osscontainertools/kaniko\"", status.Reason);
        Assert.Equal(TimeSpan.FromMinutes(7), status.Duration);
    }

    [Fact]
    public void Job_whose_pod_is_not_created_yet_is_pending()
    {
        var status = BuildClassifier.Classify(_app, Job(_app), [], Now);

        Assert.Equal(BuildState.Pending, status.State);
        Assert.Null(status.Reason);
    }

    [Fact]
    public void Running_pod_is_running_and_its_duration_counts_to_now()
    {
        var job = Job(_app).Running();

        var status = BuildClassifier.Classify(_app, job, [Pod(job, "a", "Running", RunningState())], Now);

        Assert.Equal(BuildState.Running, status.State);
        Assert.Equal(TimeSpan.FromMinutes(7), status.Duration);
    }

    [Fact]
    public void Ready_count_of_the_job_alone_means_running()
    {
        Assert.Equal(BuildState.Running, BuildClassifier.Classify(_app, Job(_app).Running(), [], Now).State);
    }

    [Fact]
    public void Complete_job_with_a_digest_in_the_termination_message_is_built()
    {
        var digest = DigestOf("app image");
        var job = Job(_app).Complete(TimeSpan.FromSeconds(95));

        var status = BuildClassifier.Classify(_app, job, [Pod(job, "a", "Succeeded", Exited(0, digest + "\n"))], Now);

        Assert.Equal(BuildState.Built, status.State);
        Assert.Equal(digest, status.Digest);
        Assert.Equal(TimeSpan.FromSeconds(95), status.Duration);
        Assert.Null(status.Reason);
    }

    [Fact]
    public void Complete_job_without_a_digest_was_skipped_by_the_guard()
    {
        var job = Job(_app).Complete(TimeSpan.FromSeconds(4));

        var status = BuildClassifier.Classify(_app, job, [Pod(job, "a", "Succeeded", Exited(0, null))], Now);

        Assert.Equal(BuildState.Skipped, status.State);
        Assert.Null(status.Digest);
    }

    [Fact]
    public void Termination_message_that_is_not_a_digest_is_not_taken_for_one()
    {
        var job = Job(_app).Complete(TimeSpan.FromSeconds(4));

        var status = BuildClassifier.Classify(_app, job, [Pod(job, "a", "Succeeded", Exited(0, "sha256:not-a-digest"))], Now);

        Assert.Equal(BuildState.Skipped, status.State);
        Assert.Null(status.Digest);
    }

    [Fact]
    public void Digest_comes_from_the_succeeded_pod_when_earlier_attempts_failed()
    {
        var digest = DigestOf("second attempt");
        var job = Job(_app).Complete(TimeSpan.FromMinutes(3));
        var failedFirst = Pod(job, "a", "Failed", Exited(1, null));
        var succeeded = Pod(job, "b", "Succeeded", Exited(0, digest), created: Start.AddMinutes(1));

        Assert.Equal(digest, BuildClassifier.Classify(_app, job, [succeeded, failedFirst], Now).Digest);
    }

    [Fact]
    public void Failed_job_gives_the_job_condition_and_the_last_pods_container_exit()
    {
        var job = Job(_app).Failed(TimeSpan.FromMinutes(2), "BackoffLimitExceeded", "Job has reached the specified backoff limit");
        var first = Pod(job, "a", "Failed", Exited(137, null, "OOMKilled"));
        var last = Pod(job, "b", "Failed", Exited(1, null), created: Start.AddMinutes(1));

        var status = BuildClassifier.Classify(_app, job, [last, first], Now);

        Assert.Equal(BuildState.Failed, status.State);
        Assert.Equal("BackoffLimitExceeded: Job has reached the specified backoff limit; container kaniko: Error, exit code 1", status.Reason);
        Assert.Equal(TimeSpan.FromMinutes(2), status.Duration);
    }

    [Fact]
    public void Failed_init_container_and_evicted_pod_are_named_in_the_reason()
    {
        var job = Job(_app).Failed(TimeSpan.FromMinutes(1), "DeadlineExceeded", "Job was active longer than specified deadline");
        var pod = Pod(job, "a", "Failed", Waiting("PodInitializing"), guard: Exited(2, null));
        pod.Status.Reason = "Evicted";
        pod.Status.Message = "The node was low on resource: ephemeral-storage.";

        var status = BuildClassifier.Classify(_app, job, [pod], Now);

        Assert.Equal(
            "DeadlineExceeded: Job was active longer than specified deadline; container guard: Error, exit code 2; " +
            $"pod {pod.Metadata.Name}: Evicted: The node was low on resource: ephemeral-storage.",
            status.Reason);
    }
}
