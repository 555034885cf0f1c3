using System.Globalization;
using k8s.Models;
using KanikoImages.Images;
using KanikoImages.Images.Configuration;
using KanikoImages.Manifests.Guard;

namespace KanikoImages.Manifests.Resources;

/// <summary>
/// What makes an image built on catalog images wait for them in the cluster: its Job's Argo CD sync wave (its depth
/// in the graph, so Argo CD applies it only once the Jobs of lower waves are healthy), an init container after the guard's
/// check that waits for each base's content hash tag (<see cref="BaseWait"/>), and build args pinning each ARG that names a base
/// to that tag. An image without bases is left exactly as it was.
/// </summary>
public sealed class BaseOrdering(IReadOnlyList<ImageDefinition> images, CatalogSettings settings)
{
    /// <summary>Argo CD's sync wave annotation: lower waves are applied, and healthy, before higher ones.</summary>
    public const string SyncWaveAnnotation = "argocd.argoproj.io/sync-wave";

    public const string VolumeName = "base-wait-scripts";

    public static string ConfigMapName { get; } = ScriptConfigMap.Name("kaniko-build-wait-", BaseWait.Script);

    private readonly Dictionary<string, ImageDefinition> _byName = images.ToDictionary(i => i.Name, StringComparer.Ordinal);

    /// <summary>The wait script's ConfigMap, only when some image has bases.</summary>
    public IEnumerable<object> SharedResources()
    {
        if (!images.Any(i => i.Dependencies.Count > 0))
        {
            return [];
        }

        return [ScriptConfigMap.Build(ConfigMapName, settings.Namespace, "build-guard", [new(BaseWait.ScriptKey, BaseWait.Script)])];
    }

    /// <summary>Dependents whose Job deadline (their timeout) would end the wait before guard.baseWaitTimeout does.</summary>
    public IEnumerable<string> Warnings() =>
        images
            .Where(i => i.Dependencies.Count > 0 && i.Timeout <= settings.Guard.BaseWaitTimeout)
            .Select(i =>
                $"{i.Folder}: its timeout ({DurationText.Setting(i.Timeout)}) is not longer than guard.baseWaitTimeout " +
                $"({DurationText.Setting(settings.Guard.BaseWaitTimeout)}): the Job's deadline would end the wait for its bases before the build could start.");

    /// <summary>The immutable reference of a base's current build: &lt;registry&gt;/&lt;repository&gt;:sha-&lt;hash12&gt;.</summary>
    public string Reference(string baseImage)
    {
        var image = _byName[baseImage];
        return $"{ExecutorArguments.Repository(settings, image)}:{ManifestConventions.HashTag(image.Hash)}";
    }

    /// <summary>The image with each ARG that names a base pinned to the base's immutable reference (replacing image.yaml's value).</summary>
    public ImageDefinition Pinned(ImageDefinition image)
    {
        var pins = image.Dependencies
            .SelectMany(d => d.Arguments.Select(a => KeyValuePair.Create(a, Reference(d.Image))))
            .DistinctBy(p => p.Key, StringComparer.Ordinal)
            .ToList();
        if (pins.Count == 0)
        {
            return image;
        }

        var pinned = pins.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        return image with
        {
            BuildArgs = image.BuildArgs.Where(a => !pinned.Contains(a.Key)).Concat(pins).OrderBy(a => a.Key, StringComparer.Ordinal).ToList(),
        };
    }

    /// <summary>
    /// Adds the sync wave to every Job of an image with bases, and the base wait to each Job that builds (a
    /// multi-platform image's platform builds; its index Job, the last, builds nothing on the base).
    /// </summary>
    public IReadOnlyList<V1Job> Apply(IReadOnlyList<V1Job> jobs, ImageDefinition image)
    {
        if (image.Dependencies.Count == 0)
        {
            return jobs;
        }

        foreach (var job in jobs)
        {
            job.Metadata.Annotations[SyncWaveAnnotation] = image.Depth.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var build in image.Platforms.Count > 0 ? jobs.Take(jobs.Count - 1) : jobs)
        {
            AddWait(build, image);
        }

        return jobs;
    }

    private void AddWait(V1Job job, ImageDefinition image)
    {
        var pod = job.Spec.Template.Spec;
        var guard = pod.InitContainers.Single(c => c.Name == JobBuilder.GuardContainer);
        // After the guard, like it: the same registry credentials, CA bundle and TLS switch, and its verdict, so a
        // Job whose own image is already built (re-created by Argo CD) never waits.
        var wait = new V1Container
        {
            Name = BaseWait.ContainerName,
            Image = guard.Image,
            Command = ["sh", BaseWait.ScriptPath],
            Env =
            [
                JobBuilder.Env(BaseWait.BasesVariable, string.Join(" ", image.Dependencies.Select(d => Reference(d.Image)))),
                JobBuilder.Env(BaseWait.TimeoutVariable, ((long)settings.Guard.BaseWaitTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture)),
                .. guard.Env,
            ],
            Resources = guard.Resources,
            VolumeMounts =
            [
                new V1VolumeMount { MountPath = BaseWait.ScriptsMountPath, Name = VolumeName, ReadOnlyProperty = true },
                .. guard.VolumeMounts.Where(m => m.Name != GuardConfigMap.VolumeName),
            ],
        };
        pod.InitContainers.Add(wait);
        pod.Volumes.Insert(2, new V1Volume { Name = VolumeName, ConfigMap = new V1ConfigMapVolumeSource { Name = ConfigMapName } });
    }
}
