using KanikoImages.Images;

namespace KanikoImages.Manifests.Resources;

/// <summary>The kaniko executor's command line for one image (flag names as in kaniko's README).</summary>
public static class ExecutorArguments
{
    public static IReadOnlyList<string> For(ImageDefinition image, CatalogSettings settings, BuildSource source)
    {
        var repository = Repository(settings, image);
        var arguments = new List<string>
        {
            "--dockerfile=" + source.Dockerfile,
            "--context=" + source.Context,
        };
        if (source.SubPath is not null)
        {
            arguments.Add("--context-sub-path=" + source.SubPath);
        }

        arguments.AddRange(image.Tags.Select(tag => $"--destination={repository}:{tag}"));
        arguments.Add($"--destination={repository}:{ManifestConventions.HashTag(image.Hash)}");
        arguments.Add("--cache=true");
        arguments.Add("--cache-repo=" + CacheRepository(settings));
        arguments.AddRange(image.BuildArgs.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"--build-arg={a.Key}={a.Value}"));
        if (!string.IsNullOrEmpty(image.Target))
        {
            arguments.Add("--target=" + image.Target);
        }

        if (!string.IsNullOrEmpty(settings.Git.Url))
        {
            arguments.Add("--label=org.opencontainers.image.source=" + settings.Git.Url);
        }

        if (source.Revision is not null)
        {
            arguments.Add("--label=org.opencontainers.image.revision=" + source.Revision);
        }

        if (image.Tags.Count > 0)
        {
            arguments.Add("--label=org.opencontainers.image.version=" + image.Tags[0]);
        }

        arguments.Add("--digest-file=" + KanikoExecutor.DigestFile);
        arguments.Add($"--push-retry={settings.Kaniko.PushRetry}");
        return arguments;
    }

    /// <summary>
    /// &lt;registry&gt;/&lt;image repository&gt;: where every tag of the image is pushed. An "images/foo:1.0" folder
    /// pushes to &lt;registry&gt;/foo:1.0; only its Kubernetes objects carry the tag in their name ("foo-1-0").
    /// </summary>
    public static string Repository(CatalogSettings settings, ImageDefinition image) => settings.Registry.TrimEnd('/') + "/" + image.Repository;

    public static string CacheRepository(CatalogSettings settings) =>
        string.IsNullOrEmpty(settings.Kaniko.CacheRepo) ? settings.Registry.TrimEnd('/') + "/cache" : settings.Kaniko.CacheRepo;
}
