using KanikoImages.Manifests;

namespace KanikoImages.Validation.Rules;

/// <summary>
/// Every image in images/ has exactly one build Job (label kaniko-k8s-images/image) per platform, plus one index Job
/// for a multi-platform image (the Job without kaniko-k8s-images/platform), and every Job builds an image and
/// platform that are still in images/: a missing or extra Job means the manifest was not regenerated.
/// </summary>
public sealed class OneJobPerImageRule : IManifestRule
{
    public IEnumerable<Finding> Check(RuleInputs inputs)
    {
        if (inputs.Catalog is not { } catalog)
        {
            yield break;
        }

        var jobs = inputs.Jobs.ToLookup(j => j.ImageLabel ?? "");
        foreach (var image in catalog.Images)
        {
            // No platform: the image's only build Job, or a multi-platform image's index Job.
            var expected = image.Platforms.Select(p => (string?)p.Suffix).Append(null).ToList();
            var byPlatform = jobs[image.Name].ToLookup(j => j.Platform);
            foreach (var platform in expected)
            {
                var what = platform is not null ? $"build Job for platform {platform}" : image.Platforms.Count > 0 ? "index Job" : "build Job";
                var count = byPlatform[platform].Count();
                if (count == 0)
                {
                    yield return new Finding(
                        ManifestConventions.ManifestPath, -1, "Job", "", "",
                        $"image {image.Name} ({image.Folder}) has no {what}: {ContentHashRule.OutOfDate}",
                        ResourceStatus.Invalid, Layers.Rules);
                }

                foreach (var extra in byPlatform[platform].Skip(1))
                {
                    yield return Finding.For(extra.Resource, "/metadata/labels", $"image {image.Name} has {count} {what}s; exactly one is expected", ResourceStatus.Invalid, Layers.Rules);
                }
            }

            foreach (var stray in byPlatform.Where(g => !expected.Contains(g.Key)).SelectMany(g => g))
            {
                yield return Finding.For(
                    stray.Resource, "/metadata/labels",
                    $"the Job builds platform {stray.Platform} of image {image.Name}, which does not list it: {ContentHashRule.OutOfDate}",
                    ResourceStatus.Invalid, Layers.Rules);
            }
        }

        var known = catalog.Images.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var group in jobs.Where(g => !known.Contains(g.Key)))
        {
            foreach (var job in group)
            {
                var message = group.Key.Length == 0
                    ? $"the Job has no {ManifestConventions.ImageLabel} label, so it builds no image of the catalog"
                    : $"the Job builds image {group.Key}, which is not in images/: {ContentHashRule.OutOfDate}";
                yield return Finding.For(job.Resource, "/metadata/labels", message, ResourceStatus.Invalid, Layers.Rules);
            }
        }
    }
}
