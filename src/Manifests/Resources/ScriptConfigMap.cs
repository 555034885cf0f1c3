using System.Security.Cryptography;
using System.Text;
using k8s.Models;

namespace KanikoImages.Manifests.Resources;

/// <summary>
/// An immutable ConfigMap of constant scripts (the guard's, the base wait's, the image index's), named by a hash
/// of their text: a new script version changes the name, so every Job mounting it changes too and Argo CD replaces
/// them together, and the files never change under a running pod.
/// </summary>
public static class ScriptConfigMap
{
    /// <summary>&lt;prefix&gt; and the first 10 hex digits of the sha256 of the scripts, joined by NUL.</summary>
    public static string Name(string prefix, params string[] scripts) =>
        prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', scripts))))[..10];

    /// <param name="scripts">Key (file name) to script text.</param>
    public static V1ConfigMap Build(string name, string @namespace, string component, IEnumerable<KeyValuePair<string, string>> scripts) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = ResourceMetadata.Shared(name, @namespace, component),
        Immutable = true,
        Data = new SortedDictionary<string, string>(scripts.ToDictionary(), StringComparer.Ordinal),
    };
}
