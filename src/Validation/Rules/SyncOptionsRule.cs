using System.Text.Json.Nodes;
using KanikoImages.Manifests.Argo;
using KanikoImages.Manifests.Resources;
using KanikoImages.Validation.Resources;

namespace KanikoImages.Validation.Rules;

/// <summary>
/// The Argo CD sync options the build depends on, which a hand edit could drop: every Job keeps
/// Force=true,Replace=true (a changed template under the same name is deleted and re-created instead of failing
/// "field is immutable"), and the Application keeps ApplyOutOfSyncOnly=true (so those options touch only the
/// Jobs that changed, never every Job) and CreateNamespace=true, and no application-wide Replace=true.
/// </summary>
public sealed class SyncOptionsRule : IResourceRule
{
    private const string Replace = "Replace=true";

    public IEnumerable<Finding> Check(ManifestResource resource) => resource.Kind switch
    {
        "Job" => CheckJob(resource),
        "Application" when resource.ApiVersion.StartsWith("argoproj.io/", StringComparison.Ordinal) => CheckApplication(resource),
        _ => [],
    };

    private static IEnumerable<Finding> CheckJob(ManifestResource resource)
    {
        var path = "/metadata/annotations/" + JsonText.Segment(ResourceMetadata.SyncOptionsAnnotation);
        var annotation = JsonText.Of(resource.Object!["metadata"]?["annotations"]?[ResourceMetadata.SyncOptionsAnnotation]);

        // Argo CD splits the annotation at commas and trims each option (resource.GetAnnotationCSVs).
        var options = (annotation ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var missing = JobBuilder.JobSyncOptions.Split(',').Where(o => !options.Contains(o, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            yield return Invalid(
                resource,
                path,
                $"the Job must carry the sync options '{JobBuilder.JobSyncOptions}' (missing {string.Join(", ", missing)}): without them Argo CD cannot " +
                "re-create a Job whose template changed (field is immutable); run ./build.sh GenerateManifests");
        }
    }

    private static IEnumerable<Finding> CheckApplication(ManifestResource resource)
    {
        var options = (resource.Object!["spec"]?["syncPolicy"]?["syncOptions"] as JsonArray ?? [])
            .Select(JsonText.Of).OfType<string>().Select(o => o.Trim()).ToList();
        const string path = "/spec/syncPolicy/syncOptions";
        foreach (var required in ApplicationBuilder.SyncOptions.Where(o => !options.Contains(o, StringComparer.Ordinal)))
        {
            var why = required == ApplicationBuilder.ApplyOutOfSyncOnly
                ? "without it every sync re-creates every Job (Force/Replace), killing running builds"
                : "without it Argo CD neither creates the build namespace nor sets its Pod Security labels";
            yield return Invalid(resource, path, $"the Application must have the sync option '{required}': {why}; run ./build.sh GenerateManifests");
        }

        if (options.Contains(Replace, StringComparer.Ordinal))
        {
            yield return Invalid(
                resource,
                path,
                $"the Application must not have the sync option '{Replace}': it would replace every resource; only the Jobs need it, in their own annotation");
        }
    }

    private static Finding Invalid(ManifestResource resource, string path, string message) =>
        Finding.For(resource, path, message, ResourceStatus.Invalid, Layers.Rules);
}
