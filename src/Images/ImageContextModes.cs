using KanikoImages.Images.Hashing;

namespace KanikoImages.Images;

/// <summary>Decides how an image's build context reaches kaniko.</summary>
public static class ImageContextModes
{
    /// <summary>
    /// Auto: a context of only the Dockerfile (and its ignore file) travels in a ConfigMap, anything more is
    /// cloned from git, so the manifest never carries source code beyond a Dockerfile unless asked to. A context
    /// holding a symlink uses git too: a ConfigMap cannot carry a link.
    /// </summary>
    /// <param name="configured">The image's contextMode (or the default).</param>
    /// <param name="contextFiles">The context's files, context-relative.</param>
    /// <param name="dockerfileInContext">The Dockerfile relative to the context.</param>
    /// <param name="hasLinks">Whether the context or the Dockerfile's path holds a symlink.</param>
    public static ContextMode Resolve(ContextMode configured, IEnumerable<string> contextFiles, string dockerfileInContext, bool hasLinks)
    {
        if (configured != ContextMode.Auto)
        {
            return configured;
        }

        return !hasLinks && contextFiles.All(f => f == dockerfileInContext || f == DockerIgnore.FileName || f == dockerfileInContext + DockerIgnore.FileName) ? ContextMode.ConfigMap : ContextMode.Git;
    }
}
