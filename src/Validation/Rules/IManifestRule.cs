using KanikoImages.Images;
using KanikoImages.Validation.Resources;

namespace KanikoImages.Validation.Rules;

/// <summary>What the project rules look at: the resources read from deploy/ and, when known, the image catalog.</summary>
public sealed record RuleInputs(IReadOnlyList<ManifestResource> Resources, ImageCatalog? Catalog)
{
    /// <summary>Resources that were read (rules never look at documents that failed to parse).</summary>
    public IEnumerable<ManifestResource> Readable => Resources.Where(r => r.Object is not null && r.ReadError is null);

    public IEnumerable<ManifestResource> Jobs => Readable.Where(r => r.Kind == "Job");

    /// <summary>metadata.namespace, else the namespace the Jobs are deployed to (Argo CD's destination).</summary>
    public string NamespaceOf(ManifestResource resource) =>
        resource.Namespace ?? Catalog?.Settings.Namespace ?? "default";
}

/// <summary>A check no schema can express; each rule has one concern.</summary>
public interface IManifestRule
{
    IEnumerable<Finding> Check(RuleInputs inputs);
}

/// <summary>The project's rules, in the order their findings are reported.</summary>
public static class ProjectRules
{
    public static IReadOnlyList<IManifestRule> All { get; } =
    [
        new NamesRule(),
        new UniqueNamesRule(),
        new ReferencesRule(),
        new OneJobPerImageRule(),
        new ContentHashRule(),
    ];

    public static IReadOnlyList<Finding> Check(RuleInputs inputs) => All.SelectMany(r => r.Check(inputs)).ToList();
}
