using KanikoImages.Images;

namespace KanikoImages.Manifests.Resources;

/// <summary>The kaniko executor's command line for one image (flag names as in kaniko's README).</summary>
public static class ExecutorArguments
{
    /// <param name="platform">One platform of a multi-platform image: only its own tag is pushed, for that platform.</param>
    public static IReadOnlyList<string> For(ImageDefinition image, CatalogSettings settings, BuildSource source, Platform? platform = null)
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

        if (platform is not null)
        {
            // The index Job puts the image's tags on the index; kaniko's platform sets the image's os/architecture.
            arguments.Add($"--destination={repository}:{ManifestConventions.HashTag(image.Hash, platform)}");
            arguments.Add("--custom-platform=" + platform.Text);
        }
        else
        {
            arguments.AddRange(Destinations(settings, image).Select(d => "--destination=" + d));
        }

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
        if (settings.Kaniko.Reproducible)
        {
            arguments.Add("--reproducible");
        }

        arguments.AddRange(settings.Kaniko.RegistryMirrors.Select(mirror => "--registry-mirror=" + mirror));
        arguments.AddRange(TlsArguments(settings));
        arguments.AddRange(image.KanikoArgs);
        return arguments;
    }

    /// <summary>
    /// registryTls as kaniko flags: the push flag covers the destinations and the cache, the per-registry flag the
    /// pulls from the same hosts (base images, cached layers). Not the "-pull" flags: they would switch TLS off for
    /// every base image, Docker Hub's included.
    /// </summary>
    private static IEnumerable<string> TlsArguments(CatalogSettings settings)
    {
        var (push, registry) = settings.RegistryTls switch
        {
            RegistryTls.SkipVerify => ("--skip-tls-verify", "--skip-tls-verify-registry="),
            RegistryTls.PlainHttp => ("--insecure", "--insecure-registry="),
            _ => (null, null),
        };
        if (push is null)
        {
            return [];
        }

        var hosts = new[] { RegistryHost(settings.Registry), RegistryHost(CacheRepository(settings)) }.Distinct(StringComparer.Ordinal);
        return [push, .. hosts.Select(host => registry + host)];
    }

    /// <summary>The host[:port] of a registry/repository prefix.</summary>
    public static string RegistryHost(string registry) => registry.Split('/', 2)[0];

    /// <summary>
    /// &lt;registry&gt;/&lt;image repository&gt;: where every tag of the image is pushed. An "images/foo:1.0" folder
    /// pushes to &lt;registry&gt;/foo:1.0; only its Kubernetes objects carry the tag in their name ("foo-1-0").
    /// </summary>
    /// <summary>
    /// Where an image is pushed under its tags: every tag, then sha-&lt;hash12&gt; last (its presence means every tag is
    /// there). The single build's kaniko destinations, and a multi-platform image's index destinations.
    /// </summary>
    public static IEnumerable<string> Destinations(CatalogSettings settings, ImageDefinition image)
    {
        var repository = Repository(settings, image);
        return image.Tags.Select(tag => $"{repository}:{tag}").Append($"{repository}:{ManifestConventions.HashTag(image.Hash)}");
    }

    public static string Repository(CatalogSettings settings, ImageDefinition image) => settings.Registry.TrimEnd('/') + "/" + image.Repository;

    public static string CacheRepository(CatalogSettings settings) =>
        string.IsNullOrEmpty(settings.Kaniko.CacheRepo) ? settings.Registry.TrimEnd('/') + "/cache" : settings.Kaniko.CacheRepo;
}
