using KanikoImages.Images;
using KanikoImages.Images.Discovery;

namespace KanikoImages.Manifests;

/// <summary>Names of generated resources: DNS-1123 labels of at most 63 characters that end with the short hash.</summary>
public static class KubernetesNames
{
    /// <summary>
    /// &lt;name&gt;-&lt;hash12&gt;; a long name part is cut (never the hash), so a changed image always gets a new name.
    /// The catalog guarantees the name is a DNS-1123 label; cutting keeps that unless it leaves a trailing '-'.
    /// </summary>
    public static string ForImage(string imageName, ContentHash hash) => ForImage(imageName, hash, null);

    /// <summary>&lt;name&gt;-&lt;hash12&gt;-&lt;platform&gt; for one platform's build Job, cut like <see cref="ForImage(string, ContentHash)"/>.</summary>
    public static string ForImage(string imageName, ContentHash hash, Platform? platform)
    {
        var suffix = "-" + hash.Short + (platform is null ? "" : "-" + platform.Suffix);
        var name = imageName.Length + suffix.Length <= KubernetesName.MaxLength
            ? imageName
            : imageName[..(KubernetesName.MaxLength - suffix.Length)].TrimEnd('-', '.');
        return name + suffix;
    }
}
