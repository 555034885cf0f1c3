using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using KanikoImages.Manifests.Guard;

namespace KanikoImages.Manifests.Resources;

/// <summary>
/// The guard's two scripts in one immutable ConfigMap that every Job mounts, instead of a copy of the script text
/// in each Job (it was half of every Job's YAML, and of the time to write and validate 10,000 of them). The name
/// carries a hash of the scripts: a new guard version changes every Job's template, so Argo CD replaces the Jobs
/// together with the ConfigMap, and the files never change under a running pod.
/// </summary>
public static class GuardConfigMap
{
    public const string VolumeName = "guard-scripts";

    public static string Name { get; } = "kaniko-build-guard-" + ScriptsHash();

    public static V1ConfigMap Build(string @namespace) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = ResourceMetadata.Shared(Name, @namespace, "build-guard"),
        Immutable = true,
        Data = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [BuildGuard.CheckScriptKey] = BuildGuard.CheckScript,
            [BuildGuard.WrapperScriptKey] = BuildGuard.WrapperScript,
        },
    };

    public static V1Volume Volume() => new() { Name = VolumeName, ConfigMap = new V1ConfigMapVolumeSource { Name = Name } };

    public static V1VolumeMount Mount() => new() { MountPath = BuildGuard.ScriptsMountPath, Name = VolumeName, ReadOnlyProperty = true };

    private static string ScriptsHash() =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(BuildGuard.CheckScript + "\0" + BuildGuard.WrapperScript)))[..10];
}
