using KanikoImages.Manifests;
using KanikoImages.Validation.Resources;

namespace KanikoImages.Validation.Rules;

/// <summary>
/// Each Job's content-hash annotation equals the hash computed from images/ now. A difference means someone
/// changed an image and did not regenerate: the PR check that catches a forgotten ./build.sh GenerateManifests.
/// </summary>
public sealed class ContentHashRule : IManifestRule
{
    public const string OutOfDate = "deploy/manifest.yaml is out of date: run ./build.sh GenerateManifests";

    public IEnumerable<Finding> Check(RuleInputs inputs)
    {
        if (inputs.Catalog is not { } catalog)
        {
            yield break;
        }

        var images = catalog.Images.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var job in inputs.Jobs)
        {
            if (job.ImageLabel is not { } name || !images.TryGetValue(name, out var image))
            {
                continue;
            }

            var annotation = job.ContentHash;
            if (annotation != image.Hash.Value)
            {
                var path = "/metadata/annotations/" + JsonText.Segment(ManifestConventions.ContentHashAnnotation);
                var found = annotation is null ? "has no content hash" : $"has content hash {annotation}";
                yield return Finding.For(
                    job.Resource, path, $"{OutOfDate} (the Job {found}; {image.Folder} now hashes to {image.Hash.Value})", ResourceStatus.Invalid, Layers.Rules);
            }
        }
    }
}
