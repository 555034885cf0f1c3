using k8s;
using k8s.Models;
using KanikoImages.Images;
using KanikoImages.Manifests;
using KanikoImages.Manifests.Argo;
using KanikoImages.Manifests.Resources;

namespace KanikoImages.Tests.Validation;

/// <summary>
/// A realistic deploy/ for tests, written with KubernetesClient's models: per image a kaniko build Job (guard init
/// container, executor, context ConfigMap, registry secret), the shared ServiceAccount, and the Argo CD Application.
/// </summary>
public static class KanikoManifest
{
    public const string Namespace = "kaniko-builds";
    public const string ServiceAccount = "kaniko-builder";

    public static ImageCatalog Catalog(params string[] names) => new(
        new CatalogSettings { Registry = "registry.example.com/team", Namespace = Namespace },
        names.Select(Image).ToList(),
        []);

    public static ImageDefinition Image(string name) => new()
    {
        Name = name,
        Folder = "images/" + name,
        Tags = ["latest"],
        Dockerfile = $"images/{name}/Dockerfile",
        Context = "images/" + name,
        ContextMode = ContextMode.ConfigMap,
        Resources = ResourceSettings.Default,
        Timeout = TimeSpan.FromMinutes(30),
        Files = [new HashedFile("Dockerfile", 20, false)],
        Hash = new ContentHash(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))),
    };

    public static string JobName(ImageDefinition image) => $"build-{image.Name}-{image.Hash.Short}";

    /// <summary>The manifest of <paramref name="catalog"/> as YAML documents.</summary>
    public static string Yaml(ImageCatalog catalog) =>
        string.Join("---\n", Objects(catalog).Select(o => KubernetesYaml.Serialize(o).TrimEnd() + "\n"));

    public static IEnumerable<object> Objects(ImageCatalog catalog)
    {
        yield return new V1ServiceAccount
        {
            ApiVersion = "v1",
            Kind = "ServiceAccount",
            Metadata = new V1ObjectMeta { Name = ServiceAccount, NamespaceProperty = Namespace },
        };
        foreach (var image in catalog.Images)
        {
            var context = $"context-{image.Name}-{image.Hash.Short}";
            yield return new V1ConfigMap
            {
                ApiVersion = "v1",
                Kind = "ConfigMap",
                Metadata = Metadata(context, image),
                Data = new Dictionary<string, string> { ["Dockerfile"] = "FROM busybox:1.36\nCMD [\"echo\", \"hi\"]\n" },
            };
            yield return Job(image, context, catalog.Settings);
        }
    }

    public static string Application() => KubernetesYaml.Serialize(new Dictionary<string, object>
    {
        ["apiVersion"] = "argoproj.io/v1alpha1",
        ["kind"] = "Application",
        ["metadata"] = new Dictionary<string, object> { ["name"] = "kaniko-k8s-images", ["namespace"] = "argocd" },
        ["spec"] = new Dictionary<string, object>
        {
            ["project"] = "default",
            ["source"] = new Dictionary<string, object> { ["repoURL"] = "https://git.example.com/team/images.git", ["targetRevision"] = "main", ["path"] = "deploy" },
            ["destination"] = new Dictionary<string, object> { ["server"] = "https://kubernetes.default.svc", ["namespace"] = Namespace },
            ["syncPolicy"] = new Dictionary<string, object>
            {
                ["automated"] = new Dictionary<string, object> { ["prune"] = true, ["selfHeal"] = true },
                ["syncOptions"] = ApplicationBuilder.SyncOptions.ToList(),
            },
        },
    });

    /// <summary>Writes deploy/manifest.yaml and deploy/argocd/application.yaml under <paramref name="root"/>.</summary>
    public static void Write(string root, ImageCatalog catalog, Func<string, string>? edit = null)
    {
        Directory.CreateDirectory(Path.Combine(root, "deploy", "argocd"));
        File.WriteAllText(Path.Combine(root, ManifestConventions.ManifestPath), (edit ?? (y => y))(Yaml(catalog)));
        File.WriteAllText(Path.Combine(root, ManifestConventions.ApplicationPath), Application());
    }

    private static V1ObjectMeta Metadata(string name, ImageDefinition image) => new()
    {
        Name = name,
        NamespaceProperty = Namespace,
        Labels = new Dictionary<string, string>
        {
            ["app.kubernetes.io/managed-by"] = ManifestConventions.ManagedBy,
            [ManifestConventions.ImageLabel] = image.Name,
            [ManifestConventions.ShortHashLabel] = image.Hash.Short,
        },
        Annotations = new Dictionary<string, string> { [ManifestConventions.ContentHashAnnotation] = image.Hash.Value },
    };

    /// <summary>A Job's metadata: a ConfigMap's plus the Argo CD sync options the rules require.</summary>
    private static V1ObjectMeta JobMetadata(ImageDefinition image)
    {
        var metadata = Metadata(JobName(image), image);
        metadata.Annotations[ResourceMetadata.SyncOptionsAnnotation] = JobBuilder.JobSyncOptions;
        return metadata;
    }

    private static V1Job Job(ImageDefinition image, string context, CatalogSettings settings)
    {
        var destination = $"{settings.Registry}/{image.Name}:{ManifestConventions.HashTag(image.Hash)}";
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = JobMetadata(image),
            Spec = new V1JobSpec
            {
                BackoffLimit = 2,
                ActiveDeadlineSeconds = 1800,
                TtlSecondsAfterFinished = 86400,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { [ManifestConventions.ImageLabel] = image.Name } },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        ServiceAccountName = ServiceAccount,
                        InitContainers =
                        [
                            new V1Container
                            {
                                Name = "guard",
                                Image = "quay.io/skopeo/stable:v1.16",
                                Command = ["sh", "-c", "echo check"],
                                Env = [new V1EnvVar { Name = "GUARD_IMAGE", Value = destination }],
                                VolumeMounts = [new V1VolumeMount { MountPath = "/guard", Name = "guard" }, new V1VolumeMount { MountPath = "/kaniko/.docker", Name = "registry-credentials" }],
                            },
                        ],
                        Containers =
                        [
                            new V1Container
                            {
                                Name = "kaniko",
                                Image = "ghcr.io/osscontainertools/kaniko:debug",
                                Args = ["--context=dir:///workspace", "--dockerfile=Dockerfile", $"--destination={destination}", "--push-retry=3"],
                                Resources = new V1ResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m"), ["memory"] = new("1Gi") },
                                    Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("2"), ["memory"] = new("4Gi") },
                                },
                                VolumeMounts =
                                [
                                    new V1VolumeMount { MountPath = "/workspace", Name = "context" },
                                    new V1VolumeMount { MountPath = "/guard", Name = "guard" },
                                    new V1VolumeMount { MountPath = "/kaniko/.docker", Name = "registry-credentials" },
                                ],
                            },
                        ],
                        Volumes =
                        [
                            new V1Volume { Name = "context", ConfigMap = new V1ConfigMapVolumeSource { Name = context } },
                            new V1Volume { Name = "guard", EmptyDir = new V1EmptyDirVolumeSource() },
                            new V1Volume
                            {
                                Name = "registry-credentials",
                                Secret = new V1SecretVolumeSource
                                {
                                    SecretName = settings.Kaniko.RegistrySecret,
                                    Items = [new V1KeyToPath { Key = ".dockerconfigjson", Path = "config.json" }],
                                },
                            },
                        ],
                    },
                },
            },
        };
    }
}
