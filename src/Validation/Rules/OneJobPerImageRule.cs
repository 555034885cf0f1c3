using KanikoImages.Manifests;

namespace KanikoImages.Validation.Rules;

/// <summary>
/// Every image in images/ has exactly one build Job (label kaniko-k8s-images/image), and every Job builds an image
/// that is still in images/: a missing or extra Job means the manifest was not regenerated.
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
            var count = jobs[image.Name].Count();
            if (count == 0)
            {
                yield return new Finding(
                    ManifestConventions.ManifestPath, -1, "Job", "", "",
                    $"image {image.Name} ({image.Folder}) has no build Job: {ContentHashRule.OutOfDate}",
                    ResourceStatus.Invalid, Layers.Rules);
            }

            foreach (var extra in jobs[image.Name].Skip(1))
            {
                yield return Finding.For(extra.Resource, "/metadata/labels", $"image {image.Name} has {count} build Jobs; exactly one is expected", ResourceStatus.Invalid, Layers.Rules);
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
