using k8s.Models;

namespace KanikoImages.Status;

/// <summary>Pods grouped by the Job that owns them (the Job controller sets the owner reference on each).</summary>
public static class JobPods
{
    public static ILookup<string, V1Pod> ByJobName(IEnumerable<V1Pod> pods) =>
        pods.SelectMany(p => (p.Metadata.OwnerReferences ?? []).Where(o => o.Kind == "Job").Select(o => (o.Name, Pod: p)))
            .ToLookup(x => x.Name, x => x.Pod, StringComparer.Ordinal);
}
