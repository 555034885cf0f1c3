using k8s.Models;
using KanikoImages.Images;
using KanikoImages.Manifests.Guard;

namespace KanikoImages.Manifests.Resources;

/// <summary>
/// The batch/v1 Job that builds one image: the guard's init container checks the registry for the hash tag,
/// then the kaniko container starts through the guard's wrapper and builds and pushes unless the tag exists.
/// </summary>
public static class JobBuilder
{
    public const string GuardVolume = "guard";
    public const string GuardContainer = "guard";
    public const string RegistryCredentialsVolume = "registry-credentials";
    public const string CaBundleVolume = "ca-bundle";

    /// <summary>
    /// Where kaniko.caBundle appears in the kaniko container: the executor image sets SSL_CERT_DIR=/kaniko/ssl/certs,
    /// and Go trusts every certificate file in that folder, for every registry (base images and mirrors too).
    /// </summary>
    public const string KanikoCaPath = "/kaniko/ssl/certs/kaniko-k8s-images-ca.crt";

    /// <summary>The bundle's file name in the volume: skopeo reads *.crt files as CAs.</summary>
    private const string CaFile = "ca.crt";

    /// <summary>
    /// Argo CD deletes and re-creates a Job whose template changed under the same name (argo-cd #7430, #5882); the
    /// Application's ApplyOutOfSyncOnly=true keeps that to Jobs that changed.
    /// </summary>
    public const string JobSyncOptions = "Force=true,Replace=true";

    private const string DockerConfigKey = ".dockerconfigjson";

    /// <param name="platform">One platform of a multi-platform image (<see cref="PlatformJobs"/>); null: the image's only build.</param>
    public static V1Job Build(ImageDefinition image, CatalogSettings settings, string name, BuildSource source, Platform? platform = null)
    {
        var guardImage = $"{ExecutorArguments.Repository(settings, image)}:{ManifestConventions.HashTag(image.Hash, platform)}";
        var secret = settings.Kaniko.RegistrySecret;
        var caBundle = settings.Kaniko.CaBundle.ConfigMap;
        var guardMount = new V1VolumeMount { MountPath = BuildGuard.MountPath, Name = GuardVolume };
        var scripts = GuardConfigMap.Mount();
        var guardMounts = new List<V1VolumeMount> { guardMount, scripts };
        var kanikoMounts = new List<V1VolumeMount> { guardMount, scripts };
        var guardEnv = new List<V1EnvVar> { Env(BuildGuard.ImageVariable, guardImage), Env(BuildGuard.ResultVariable, BuildGuard.ResultPath) };
        if (secret is not null)
        {
            var credentials = new V1VolumeMount { MountPath = KanikoExecutor.DockerConfigPath, Name = RegistryCredentialsVolume, ReadOnlyProperty = true };
            guardMounts.Add(credentials);
            kanikoMounts.Add(credentials);
            guardEnv.Add(Env(BuildGuard.AuthFileVariable, KanikoExecutor.DockerConfigPath + "/config.json"));
        }

        if (caBundle is not null)
        {
            var host = ExecutorArguments.RegistryHost(settings.Registry);
            guardMounts.Add(new V1VolumeMount { MountPath = $"{BuildGuard.CertsDirectory}/{host}", Name = CaBundleVolume, ReadOnlyProperty = true });
            kanikoMounts.Add(new V1VolumeMount { MountPath = KanikoCaPath, Name = CaBundleVolume, SubPath = CaFile, ReadOnlyProperty = true });
        }

        if (settings.RegistryTls != RegistryTls.Verify)
        {
            guardEnv.Add(Env(BuildGuard.InsecureRegistryVariable, "true"));
        }

        var guard = new V1Container
        {
            Name = GuardContainer,
            Image = settings.Guard.Image ?? BuildGuard.DefaultImage,
            Command = ["sh", BuildGuard.CheckScriptPath],
            Env = guardEnv,
            Resources = Resources(new ResourceSettings("50m", "64Mi", "500m", "256Mi")),
            VolumeMounts = guardMounts,
        };

        if (source.Volume is not null)
        {
            kanikoMounts.Add(new V1VolumeMount { MountPath = ContextConfigMapBuilder.MountPath, Name = source.Volume.Name, ReadOnlyProperty = true });
        }

        var kaniko = new V1Container
        {
            Name = "kaniko",
            Image = settings.Kaniko.Image ?? KanikoExecutor.DefaultImage,
            // sh <wrapper> <executor arguments>: the executor arguments are the wrapper's "$@".
            Command = [KanikoExecutor.Shell, BuildGuard.WrapperScriptPath],
            Args = ExecutorArguments.For(image, settings, source, platform).ToList(),
            Env =
            [
                Env(BuildGuard.ImageVariable, guardImage),
                Env(BuildGuard.ContentHashVariable, image.Hash.Value),
                Env(BuildGuard.ResultVariable, BuildGuard.ResultPath),
                .. source.Environment,
            ],
            Resources = Resources(image.Resources),
            VolumeMounts = kanikoMounts,
        };

        var volumes = new List<V1Volume>
        {
            new() { Name = GuardVolume, EmptyDir = new V1EmptyDirVolumeSource() },
            GuardConfigMap.Volume(),
        };
        if (secret is not null)
        {
            volumes.Add(new V1Volume
            {
                Name = RegistryCredentialsVolume,
                Secret = new V1SecretVolumeSource
                {
                    SecretName = secret,
                    Items = [new V1KeyToPath { Key = DockerConfigKey, Path = "config.json" }],
                },
            });
        }

        if (caBundle is not null)
        {
            volumes.Add(new V1Volume
            {
                Name = CaBundleVolume,
                ConfigMap = new V1ConfigMapVolumeSource
                {
                    Name = caBundle,
                    Items = [new V1KeyToPath { Key = settings.Kaniko.CaBundle.Key, Path = CaFile }],
                },
            });
        }

        if (source.Volume is not null)
        {
            volumes.Add(source.Volume);
        }

        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = ResourceMetadata.ForImage(image, name, settings.Namespace, JobSyncOptions),
            Spec = new V1JobSpec
            {
                // No ttlSecondsAfterFinished: Argo CD would re-create a Job that disappears.
                BackoffLimit = settings.Defaults.BackoffLimit,
                ActiveDeadlineSeconds = (long)image.Timeout.TotalSeconds,
                Template = new V1PodTemplateSpec
                {
                    Metadata = ResourceMetadata.ForImage(image, name: null, @namespace: null),
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        ServiceAccountName = ManifestConventions.ServiceAccountName,
                        AutomountServiceAccountToken = false,
                        InitContainers = [guard],
                        Containers = [kaniko],
                        Volumes = volumes,
                        ImagePullSecrets = settings.ImagePullSecrets.Count > 0
                            ? settings.ImagePullSecrets.Select(n => new V1LocalObjectReference { Name = n }).ToList()
                            : null,
                        NodeSelector = image.Placement.NodeSelector.Count > 0
                            ? new SortedDictionary<string, string>(image.Placement.NodeSelector.ToDictionary(), StringComparer.Ordinal)
                            : null,
                        Tolerations = image.Placement.Tolerations.Count > 0 ? image.Placement.Tolerations.ToList() : null,
                        Affinity = image.Placement.Affinity,
                        PriorityClassName = image.Placement.PriorityClassName,
                    },
                },
            },
        };
    }

    /// <summary>A plain environment variable (every Job container's parameters arrive this way).</summary>
    internal static V1EnvVar Env(string name, string value) => new() { Name = name, Value = value };

    private static V1ResourceRequirements Resources(ResourceSettings resources) => new()
    {
        Requests = Quantities(resources.CpuRequest, resources.MemoryRequest),
        Limits = Quantities(resources.CpuLimit, resources.MemoryLimit),
    };

    private static IDictionary<string, ResourceQuantity> Quantities(string cpu, string memory) =>
        new SortedDictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["cpu"] = CanonicalQuantity.Of(cpu),
            ["memory"] = CanonicalQuantity.Of(memory),
        };
}
