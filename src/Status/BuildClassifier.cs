using System.Text.RegularExpressions;
using k8s.Models;
using KanikoImages.Images;

namespace KanikoImages.Status;

/// <summary>
/// Decides an image's <see cref="BuildState"/> from its Job and the Job's pods. A succeeded Job is "built" when the
/// build container's termination message holds a digest (kaniko writes it with --digest-file=/dev/termination-log
/// after a push) and "skipped" when it holds none: the guard wrapper exits 0 before the executor runs, so nothing
/// writes the message. No log is read for this, so one pod list is enough for any number of images.
/// </summary>
public static partial class BuildClassifier
{
    public static ImageBuildStatus Classify(ImageDefinition image, V1Job? job, IReadOnlyList<V1Pod> pods, DateTime now)
    {
        if (job is null)
        {
            return new ImageBuildStatus(image.Name, image.Hash.Value, null, BuildState.NotSynced, null, null, null, []);
        }

        var pod = LatestPod(pods);
        var failed = Condition(job, "Failed");
        var complete = Condition(job, "Complete");
        var start = job.Status?.StartTime;
        var end = job.Status?.CompletionTime ?? failed?.LastTransitionTime ?? now;
        var duration = start is { } s ? end - s : (TimeSpan?)null;

        if (failed is not null)
        {
            return Status(BuildState.Failed, digest: null, FailureReason(failed, pod));
        }

        if (complete is not null)
        {
            var digest = Digest(pods.FirstOrDefault(p => p.Status?.Phase == "Succeeded") ?? pod);
            return Status(digest is null ? BuildState.Skipped : BuildState.Built, digest, null);
        }

        var running = pods.Any(p => p.Status?.Phase == "Running") || job.Status?.Ready > 0;
        return Status(running ? BuildState.Running : BuildState.Pending, null, running ? null : WaitingReason(pod));

        ImageBuildStatus Status(BuildState state, string? digest, string? reason) =>
            new(image.Name, image.Hash.Value, job.Metadata.Name, state, duration, digest, reason, []);
    }

    /// <summary>The container that runs kaniko: the pod's one regular container (the guard check is an init container).</summary>
    public static string? BuildContainer(V1Pod pod) => pod.Spec?.Containers?.FirstOrDefault()?.Name;

    /// <summary>The pod that tells the latest attempt (a Job retries in new pods up to its backoffLimit).</summary>
    public static V1Pod? LatestPod(IReadOnlyList<V1Pod> pods) =>
        pods.OrderBy(p => p.Metadata?.CreationTimestamp ?? DateTime.MinValue).ThenBy(p => p.Metadata?.Name, StringComparer.Ordinal).LastOrDefault();

    /// <summary>The pushed image's digest from the build container's termination message, if it holds one.</summary>
    public static string? Digest(V1Pod? pod)
    {
        var message = pod is null ? null : BuildContainerStatus(pod)?.State?.Terminated?.Message?.Trim();
        return message is not null && DigestPattern().IsMatch(message) ? message : null;
    }

    private static V1JobCondition? Condition(V1Job job, string type) =>
        job.Status?.Conditions?.FirstOrDefault(c => c.Type == type && c.Status == "True");

    private static V1ContainerStatus? BuildContainerStatus(V1Pod pod) =>
        pod.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == BuildContainer(pod));

    /// <summary>Why the Job failed: its condition, then what the last pod's containers say.</summary>
    private static string FailureReason(V1JobCondition failed, V1Pod? pod)
    {
        var parts = new List<string> { Join(failed.Reason, failed.Message) ?? "Job failed" };
        if (pod is not null)
        {
            parts.AddRange(ContainerProblems(pod));
            if (pod.Status?.Reason is { Length: > 0 } podReason)
            {
                parts.Add($"pod {pod.Metadata.Name}: {Join(podReason, pod.Status.Message)}");
            }
        }

        return string.Join("; ", parts);
    }

    /// <summary>Why a pending pod is not running yet (image pull back-off, missing Secret, unschedulable).</summary>
    private static string? WaitingReason(V1Pod? pod)
    {
        if (pod is null)
        {
            return null;
        }

        var problems = ContainerProblems(pod).ToList();
        if (problems.Count > 0)
        {
            return string.Join("; ", problems);
        }

        var unscheduled = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False");
        return unscheduled is null ? null : Join(unscheduled.Reason, unscheduled.Message);
    }

    /// <summary>Each init or build container that exited non-zero or waits for a reason other than plain start-up.</summary>
    private static IEnumerable<string> ContainerProblems(V1Pod pod)
    {
        var statuses = (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? []);
        foreach (var status in statuses)
        {
            if (status.State?.Terminated is { ExitCode: not 0 } terminated)
            {
                yield return $"container {status.Name}: {terminated.Reason ?? "terminated"}, exit code {terminated.ExitCode}";
            }
            else if (status.State?.Waiting is { Reason: { Length: > 0 } reason } waiting && reason != "PodInitializing" && reason != "ContainerCreating")
            {
                yield return $"container {status.Name}: {Join(reason, waiting.Message)}";
            }
        }
    }

    private static string? Join(string? reason, string? message) =>
        (reason, message) switch
        {
            ({ Length: > 0 }, { Length: > 0 }) => $"{reason}: {message}",
            ({ Length: > 0 }, _) => reason,
            (_, { Length: > 0 }) => message,
            _ => null,
        };

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex DigestPattern();
}
