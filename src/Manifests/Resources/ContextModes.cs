using KanikoImages.Images;
using KanikoImages.Images.Hashing;

namespace KanikoImages.Manifests.Resources;

/// <summary>Decides how an image's build context reaches kaniko.</summary>
public static class ContextModes
{
    /// <summary>The image's mode; the catalog has resolved auto already (<see cref="ImageContextModes"/>).</summary>
    public static ContextMode Resolve(ImageDefinition image) =>
        ImageContextModes.Resolve(image.ContextMode, image.Files.Select(f => f.Path), ContextRelativeDockerfile(image), hasLinks: false);

    /// <summary>The Dockerfile relative to the context folder ("Dockerfile", "docker/Dockerfile", "../x/Dockerfile").</summary>
    public static string ContextRelativeDockerfile(ImageDefinition image)
    {
        var context = RepositoryPaths.Normalize(image.Context);
        var dockerfile = RepositoryPaths.Normalize(image.Dockerfile);
        return Path.GetRelativePath("/" + context, "/" + dockerfile).Replace('\\', '/');
    }
}
