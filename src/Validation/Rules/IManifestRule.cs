using KanikoImages.Images;
using KanikoImages.Validation.Resources;

namespace KanikoImages.Validation.Rules;

/// <summary>What the cross-resource rules look at: the facts kept of each readable resource and, when known, the image catalog.</summary>
public sealed record RuleInputs(IReadOnlyList<ResourceFacts> Resources, ImageCatalog? Catalog)
{
    public IEnumerable<ResourceFacts> Jobs => Resources.Where(r => r.Resource.Kind == "Job");

    /// <summary>metadata.namespace, else the namespace the Jobs are deployed to (Argo CD's destination).</summary>
    public string NamespaceOf(ResourceIdentity resource) =>
        resource.Namespace ?? Catalog?.Settings.Namespace ?? "default";
}

/// <summary>A check of one resource alone, made while its parsed tree is in memory.</summary>
public interface IResourceRule
{
    /// <param name="resource">A <see cref="ManifestResource.Readable"/> resource.</param>
    IEnumerable<Finding> Check(ManifestResource resource);
}

/// <summary>A check across resources that no schema can express, on the facts kept of each; each rule has one concern.</summary>
public interface IManifestRule
{
    IEnumerable<Finding> Check(RuleInputs inputs);
}

/// <summary>The project's rules, in the order their findings are reported.</summary>
public static class ProjectRules
{
    /// <summary>Checked on each resource as it is read; their findings come before those across resources.</summary>
    public static IReadOnlyList<IResourceRule> PerResource { get; } = [new NamesRule(), new SyncOptionsRule()];

    public static IReadOnlyList<IManifestRule> AcrossResources { get; } =
    [
        new UniqueNamesRule(),
        new ReferencesRule(),
        new OneJobPerImageRule(),
        new ContentHashRule(),
    ];

    public static IReadOnlyList<Finding> Check(ManifestResource resource) => PerResource.SelectMany(r => r.Check(resource)).ToList();

    public static IReadOnlyList<Finding> Check(RuleInputs inputs) => AcrossResources.SelectMany(r => r.Check(inputs)).ToList();
}
