using k8s.Models;
using KanikoImages.Images;

namespace KanikoImages.Manifests.Resources;

/// <summary>kaniko's git build context: the repository at the branch and, when known, the exact commit.</summary>
public static class GitContext
{
    /// <summary>kaniko reads git credentials from these variables; the Secret is a kubernetes.io/basic-auth one.</summary>
    public static readonly IReadOnlyList<(string Variable, string Key)> CredentialVariables =
        [("GIT_USERNAME", "username"), ("GIT_PASSWORD", "password")];

    /// <summary>git://host/path#refs/heads/branch[#commit]: kaniko fetches the branch, then checks out the commit.</summary>
    public static string Url(GitSettings git, string? commit, string imageFolder)
    {
        var (_, hostAndPath) = Split(git.Url, imageFolder);
        var url = $"git://{hostAndPath}#refs/heads/{git.Branch}";
        return commit is null ? url : url + "#" + commit;
    }

    /// <summary>The environment of the kaniko container for the git context: pull method and credentials.</summary>
    public static IEnumerable<V1EnvVar> Environment(GitSettings git, string imageFolder)
    {
        if (Split(git.Url, imageFolder).Scheme == "http")
        {
            // kaniko clones over https unless told otherwise.
            yield return new V1EnvVar { Name = "GIT_PULL_METHOD", Value = "http" };
        }

        if (string.IsNullOrEmpty(git.CredentialsSecret))
        {
            yield break;
        }

        foreach (var (variable, key) in CredentialVariables)
        {
            yield return new V1EnvVar
            {
                Name = variable,
                ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Key = key, Name = git.CredentialsSecret } },
            };
        }
    }

    private static (string Scheme, string HostAndPath) Split(string url, string imageFolder)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new ManifestException(
                $"{imageFolder}: builds from git (its context is more than a Dockerfile), but git.url is not set " +
                "(images.yaml git.url, --git-url or KANIKO_GIT_URL); or set contextMode: configmap in its image.yaml.");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http" or "git"))
        {
            throw new ManifestException(
                $"images.yaml git.url '{url}': kaniko's git context needs an https:// (or http://) repository URL.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new ManifestException(
                $"images.yaml git.url: do not put credentials into the URL (they would be written to deploy/); " +
                "use git.credentialsSecret.");
        }

        return (uri.Scheme, uri.Authority + uri.AbsolutePath.TrimEnd('/'));
    }
}
