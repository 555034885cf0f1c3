using k8s.Models;
using KanikoImages.Images;
using KanikoImages.Manifests.Guard;

namespace KanikoImages.Manifests.Resources;

/// <summary>
/// An image's Jobs. An image without platforms has one (<see cref="JobBuilder"/>), exactly as before platforms
/// existed. A multi-platform image has one build Job per platform, on a node of that platform, pushing only
/// sha-&lt;hash12&gt;-&lt;platform&gt;, and then one index Job that joins them under every tag and sha-&lt;hash12&gt;
/// (<see cref="ImageIndex"/>).
/// </summary>
public static class PlatformJobs
{
    /// <summary>The node labels Kubernetes sets from the kubelet's GOOS and GOARCH.</summary>
    public const string OsNodeLabel = "kubernetes.io/os";

    public const string ArchNodeLabel = "kubernetes.io/arch";

    public const string IndexVolume = "index-scripts";

    /// <summary>Time for the index pushes after the wait (the image's timeout) for the platform builds.</summary>
    private static readonly TimeSpan PushAllowance = TimeSpan.FromMinutes(10);

    /// <param name="name">The image's Job name (&lt;name&gt;-&lt;hash12&gt;): the index Job's; each platform's adds its suffix.</param>
    /// <returns>The platform build Jobs in platform order, then the index Job (the image's last document).</returns>
    public static IReadOnlyList<V1Job> Build(ImageDefinition image, CatalogSettings settings, string name, BuildSource source)
    {
        if (image.Platforms.Count == 0)
        {
            return [JobBuilder.Build(image, settings, name, source)];
        }

        var jobs = image.Platforms.Select(platform => PlatformBuild(image, settings, source, platform)).ToList();
        jobs.Add(Index(image, settings, name, source with { Volume = null }));
        return jobs;
    }

    /// <summary>The index ConfigMap, generated once when any image has platforms.</summary>
    public static V1ConfigMap ScriptsConfigMap(string @namespace) =>
        ScriptConfigMap.Build(IndexScriptsName, @namespace, "image-index", [new(ImageIndex.ScriptKey, ImageIndex.Script)]);

    /// <summary>Like the guard's ConfigMap, named by a hash of its script: a new script replaces the index Jobs with it.</summary>
    public static string IndexScriptsName { get; } = ScriptConfigMap.Name("kaniko-image-index-", ImageIndex.Script);

    private static V1Job PlatformBuild(ImageDefinition image, CatalogSettings settings, BuildSource source, Platform platform)
    {
        var job = JobBuilder.Build(image, settings, KubernetesNames.ForImage(image.Name, image.Hash, platform), source, platform);
        job.Metadata.Labels[ManifestConventions.PlatformLabel] = platform.Suffix;
        job.Spec.Template.Metadata.Labels[ManifestConventions.PlatformLabel] = platform.Suffix;

        // The platform's node labels win over an image's own nodeSelector for the same keys: RUN steps run natively.
        var pod = job.Spec.Template.Spec;
        var selector = new SortedDictionary<string, string>(pod.NodeSelector ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [ArchNodeLabel] = platform.Architecture,
            [OsNodeLabel] = platform.Os,
        };
        pod.NodeSelector = selector;
        return job;
    }

    /// <summary>
    /// The index Job: the image's single-build Job with its guard (which looks for sha-&lt;hash12&gt;, pushed only by
    /// this Job) kept, and kaniko replaced by the registry tool running the index script through the guard's wrapper.
    /// </summary>
    private static V1Job Index(ImageDefinition image, CatalogSettings settings, string name, BuildSource source)
    {
        var job = JobBuilder.Build(image, settings, name, source);
        var pod = job.Spec.Template.Spec;
        var guard = pod.InitContainers.Single();
        var repository = ExecutorArguments.Repository(settings, image);
        var mount = new V1VolumeMount { MountPath = ImageIndex.ScriptsMountPath, Name = IndexVolume, ReadOnlyProperty = true };
        pod.Containers =
        [
            new V1Container
            {
                Name = "index",
                Image = settings.Index.Image ?? ImageIndex.DefaultImage,
                // sh <wrapper> sh <index script>: the wrapper skips when the guard found the index, else execs "$@".
                Command = ["sh", BuildGuard.WrapperScriptPath],
                Args = [ImageIndex.ScriptPath],
                Env =
                [
                    .. guard.Env,
                    JobBuilder.Env(BuildGuard.ContentHashVariable, image.Hash.Value),
                    JobBuilder.Env(BuildGuard.ExecutorVariable, "sh"),
                    JobBuilder.Env(ImageIndex.SourcesVariable, string.Join(' ', image.Platforms.Select(p => $"{repository}:{ManifestConventions.HashTag(image.Hash, p)}"))),
                    JobBuilder.Env(ImageIndex.DestinationsVariable, string.Join(' ', ExecutorArguments.Destinations(settings, image))),
                    JobBuilder.Env(ImageIndex.WaitVariable, ((long)image.Timeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    JobBuilder.Env(ImageIndex.DigestFileVariable, KanikoExecutor.DigestFile),
                    JobBuilder.Env(ImageIndex.StorageDriverVariable, "vfs"),
                ],
                // A registry client like the guard: the same small share.
                Resources = guard.Resources,
                VolumeMounts = [.. guard.VolumeMounts, mount],
            },
        ];
        pod.Volumes.Add(new V1Volume { Name = IndexVolume, ConfigMap = new V1ConfigMapVolumeSource { Name = IndexScriptsName } });

        // The index waits for the platform builds, which run at the same time, each within the image's timeout.
        job.Spec.ActiveDeadlineSeconds = (long)(image.Timeout + PushAllowance).TotalSeconds;
        return job;
    }
}
