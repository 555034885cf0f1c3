using System.Runtime.InteropServices;

namespace KanikoImages.Build.Tools.Kubeconform;

/// <summary>
/// The kubeconform release --kubeconform-download installs: pinned version and the sha256 of each archive as
/// published in the release's CHECKSUMS file.
/// </summary>
public static class KubeconformRelease
{
    public const string Version = "v0.8.0";

    public const string DefaultBaseUrl = "https://github.com/yannh/kubeconform/releases/download/" + Version + "/";

    private static readonly Dictionary<string, string> Sha256 = new(StringComparer.Ordinal)
    {
        ["kubeconform-linux-amd64.tar.gz"] = "9bc2bffbf71f261128533edaf912153948b7ff238f9a531ae6d34466ec287883",
        ["kubeconform-linux-arm64.tar.gz"] = "1f53fc8e81258197a35e8603054162a5af1de8c5af13746c71ab680d9534ed87",
        ["kubeconform-darwin-amd64.tar.gz"] = "71dbc87ac9f24099a62b93570e65aa06312ba6ac8aea63b7f86e9d999edf5a92",
        ["kubeconform-darwin-arm64.tar.gz"] = "f84f4dfbebf4a6b0b230385fa065a39ea35e02608c2b50d025dcf64775a69d67",
        ["kubeconform-windows-amd64.zip"] = "e3f56102bcf4f50b034a567e2482a1c5330799983ddd655952310211aef73d93",
        ["kubeconform-windows-arm64.zip"] = "4f3c9889f5f3a1e4aba84f9212f599ad3164d1fb32175fba3a53b505b0fffd0f",
    };

    /// <summary>The archive for this machine and its pinned sha256; null when the release has none.</summary>
    public static (string Asset, string Sha256)? ForThisMachine()
    {
        var os = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : "linux";
        var arch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.Arm64 => "arm64",
            _ => null,
        };
        var asset = $"kubeconform-{os}-{arch}" + (os == "windows" ? ".zip" : ".tar.gz");
        return arch is not null && Sha256.TryGetValue(asset, out var sha) ? (asset, sha) : null;
    }

    /// <summary>The executable inside the archive.</summary>
    public static string Executable => OperatingSystem.IsWindows() ? "kubeconform.exe" : "kubeconform";
}
