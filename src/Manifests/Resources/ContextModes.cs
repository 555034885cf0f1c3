using KanikoImages.Images;

namespace KanikoImages.Manifests.Resources;

/// <summary>Decides how an image's build context reaches kaniko.</summary>
public static class ContextModes
{
    /// <summary>
    /// Auto: a context of only the Dockerfile (and its .dockerignore) travels in a ConfigMap, anything more is
    /// cloned from git, so the manifest never carries source code beyond a Dockerfile unless asked to.
    /// </summary>
    public static ContextMode Resolve(ImageDefinition image)
    {
        if (image.ContextMode != ContextMode.Auto)
        {
            return image.ContextMode;
        }

        var dockerfile = ContextRelativeDockerfile(image);
        return image.Files.All(f => f.Path == dockerfile || f.Path == ".dockerignore") ? ContextMode.ConfigMap : ContextMode.Git;
    }

    /// <summary>The Dockerfile relative to the context folder ("Dockerfile", "docker/Dockerfile", "../x/Dockerfile").</summary>
    public static string ContextRelativeDockerfile(ImageDefinition image)
    {
        var context = RepositoryPaths.Normalize(image.Context);
        var dockerfile = RepositoryPaths.Normalize(image.Dockerfile);
        return Path.GetRelativePath("/" + context, "/" + dockerfile).Replace('\\', '/');
    }
}
