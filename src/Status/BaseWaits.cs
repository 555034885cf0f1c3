using KanikoImages.Images;

namespace KanikoImages.Status;

/// <summary>
/// Says what a build that has not started waits for: an image built on catalog images is held back until its bases
/// are built (Argo CD applies its Job in a later sync wave; its wait-for-bases init container polls the registry),
/// so while a base is not built, its dependent's reason is "waiting for &lt;base&gt;".
/// </summary>
public static class BaseWaits
{
    public static IReadOnlyList<ImageBuildStatus> Explain(ImageCatalog catalog, IReadOnlyList<ImageBuildStatus> statuses)
    {
        var byName = statuses.ToDictionary(s => s.Image, StringComparer.Ordinal);
        return catalog.Images.Zip(statuses, (image, status) =>
        {
            if (status.State is not (BuildState.NotSynced or BuildState.Pending))
            {
                return status;
            }

            var waiting = image.Dependencies
                .Select(d => byName[d.Image])
                .Where(b => b.State is not (BuildState.Built or BuildState.Skipped))
                .Select(b => b.State == BuildState.Failed ? $"{b.Image} (failed)" : b.Image)
                .ToList();
            if (waiting.Count == 0)
            {
                return status;
            }

            var reason = "waiting for " + string.Join(", ", waiting);
            return status with { Reason = status.Reason is { Length: > 0 } other ? $"{reason}; {other}" : reason };
        }).ToList();
    }
}
