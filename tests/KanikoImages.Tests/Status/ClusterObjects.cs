using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using KanikoImages.Images;
using KanikoImages.Manifests;

namespace KanikoImages.Tests.Status;

/// <summary>Catalog records and the Jobs/Pods the cluster would hold for them, labelled as GenerateManifests labels them.</summary>
public static class ClusterObjects
{
    public const string Namespace = "kaniko-builds";

    public static readonly DateTime Start = new(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc);

    public static ImageDefinition Image(string name, string content = "v1")
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name + content)));
        return new ImageDefinition
        {
            Name = name,
            Folder = $"images/{name}",
            Tags = ["latest"],
            Dockerfile = $"images/{name}/Dockerfile",
            Context = $"images/{name}",
            ContextMode = ContextMode.ConfigMap,
            Resources = ResourceSettings.Default,
            Timeout = TimeSpan.FromMinutes(30),
            Files = [new HashedFile("Dockerfile", 20, false)],
            Hash = new ContentHash(hash),
        };
    }

    public static ImageCatalog Catalog(params ImageDefinition[] images) =>
        new(new CatalogSettings { Registry = "registry.example/team", Namespace = Namespace }, images, []);

    public static string DigestOf(string text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>A Job that exists, started, with no pod running yet.</summary>
    public static V1Job Job(ImageDefinition image) => new()
    {
        ApiVersion = "batch/v1",
        Kind = "Job",
        Metadata = new V1ObjectMeta
        {
            Name = $"{image.Name}-{image.Hash.Short}",
            NamespaceProperty = Namespace,
            Uid = Guid.NewGuid().ToString(),
            CreationTimestamp = Start,
            Labels = new Dictionary<string, string>
            {
                ["app.kubernetes.io/managed-by"] = ManifestConventions.ManagedBy,
                [ManifestConventions.ImageLabel] = image.Name,
                [ManifestConventions.ShortHashLabel] = image.Hash.Short,
            },
            Annotations = new Dictionary<string, string> { [ManifestConventions.ContentHashAnnotation] = image.Hash.Value },
        },
        Status = new V1JobStatus { StartTime = Start, Active = 1 },
    };

    public static V1Job Running(this V1Job job) => job.With(new V1JobStatus { StartTime = Start, Active = 1, Ready = 1 });

    public static V1Job Complete(this V1Job job, TimeSpan took) => job.With(new V1JobStatus
    {
        StartTime = Start,
        CompletionTime = Start + took,
        Succeeded = 1,
        Conditions = [new V1JobCondition { Type = "Complete", Status = "True", LastTransitionTime = Start + took }],
    });

    public static V1Job Failed(this V1Job job, TimeSpan took, string reason, string message) => job.With(new V1JobStatus
    {
        StartTime = Start,
        Failed = 3,
        Conditions = [new V1JobCondition { Type = "Failed", Status = "True", Reason = reason, Message = message, LastTransitionTime = Start + took }],
    });

    /// <summary>A pod of the Job (owner reference and job-name label as the Job controller sets them) with one kaniko container.</summary>
    public static V1Pod Pod(V1Job job, string suffix, string phase, V1ContainerState kaniko, V1ContainerState? guard = null, DateTime? created = null) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = $"{job.Metadata.Name}-{suffix}",
            NamespaceProperty = Namespace,
            CreationTimestamp = created ?? Start,
            Labels = new Dictionary<string, string> { ["job-name"] = job.Metadata.Name, ["batch.kubernetes.io/job-name"] = job.Metadata.Name },
            OwnerReferences = [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = job.Metadata.Name, Uid = job.Metadata.Uid, Controller = true }],
        },
        Spec = new V1PodSpec
        {
            InitContainers = [new V1Container { Name = "guard" }],
            Containers = [new V1Container { Name = "kaniko" }],
        },
        Status = new V1PodStatus
        {
            Phase = phase,
            InitContainerStatuses = [Container("guard", guard ?? Exited(0, null))],
            ContainerStatuses = [Container("kaniko", kaniko)],
        },
    };

    public static V1ContainerState Exited(int code, string? message, string? reason = null) =>
        new() { Terminated = new V1ContainerStateTerminated { ExitCode = code, Reason = reason ?? (code == 0 ? "Completed" : "Error"), Message = message } };

    public static V1ContainerState Waiting(string reason, string? message = null) =>
        new() { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = message } };

    public static V1ContainerState RunningState() => new() { Running = new V1ContainerStateRunning { StartedAt = Start } };

    private static V1ContainerStatus Container(string name, V1ContainerState state) =>
        new() { Image = "img", ImageID = "", Name = name, Ready = state.Running is not null, RestartCount = 0, State = state };

    private static V1Job With(this V1Job job, V1JobStatus status)
    {
        job.Status = status;
        return job;
    }
}
