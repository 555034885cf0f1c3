using KanikoImages.Images;
using KanikoImages.Images.Hashing;

namespace KanikoImages.Manifests.Resources;

/// <summary>Decides how an image's build context reaches kaniko.</summary>
public static class ContextModes
{
    /// <summary>
    /// Auto: a context of only the Dockerfile (and its ignore file) travels in a ConfigMap, anything more is
    /// cloned from git, so the manifest never carries source code beyond a Dockerfile unless asked to.
    /// </summary>
    public static ContextMode Resolve(ImageDefinition image)
    {
        if (image.ContextMode != ContextMode.Auto)
        {
            return image.ContextMode;
        }

        var dockerfile = ContextRelativeDockerfile(image);
        return image.Files.All(f => f.Path == dockerfile || f.Path == DockerIgnore.FileName || f.Path == dockerfile + DockerIgnore.FileName)
            ? ContextMode.ConfigMap
            : ContextMode.Git;
    }

    /// <summary>The Dockerfile relative to the context folder ("Dockerfile", "docker/Dockerfile", "../x/Dockerfile").</summary>
    public static string ContextRelativeDockerfile(ImageDefinition image)
    {
        var context = RepositoryPaths.Normalize(image.Context);
        var dockerfile = RepositoryPaths.Normalize(image.Dockerfile);
        return Path.GetRelativePath("/" + context, "/" + dockerfile).Replace('\\', '/');
    }
}
