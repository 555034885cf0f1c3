using KanikoImages.Validation;
using KanikoImages.Validation.Kubeconform;

namespace KanikoImages.Build.Tools.Kubeconform;

/// <summary>--kubeconform-download: the pinned release for this machine, installed once into the tools folder.</summary>
public static class KubeconformInstaller
{
    /// <summary>Installs into <paramref name="target"/> unless it is there; returns what was done (or would be, in a dry run).</summary>
    /// <exception cref="ValidationInputException">No archive for this machine, a failed download, or a checksum mismatch.</exception>
    public static string Install(string target, string baseUrl, bool dryRun)
    {
        if (File.Exists(target))
        {
            return $"kubeconform {KubeconformRelease.Version}: already installed at {target}";
        }

        var release = KubeconformRelease.ForThisMachine()
            ?? throw new ValidationInputException($"kubeconform {KubeconformRelease.Version} has no release archive for this OS/architecture.");
        var url = baseUrl.TrimEnd('/') + "/" + release.Asset;
        if (dryRun)
        {
            return $"Would download {url}, check its sha256 {release.Sha256} and install it at {target} (--dryrun).";
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        VerifiedDownload.Install(http, url, release.Sha256, KubeconformRelease.Executable, target);
        return $"kubeconform {KubeconformRelease.Version}: installed at {target} (sha256 verified)";
    }
}
