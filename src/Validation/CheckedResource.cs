using KanikoImages.Validation.Resources;
using KanikoImages.Validation.Rules;

namespace KanikoImages.Validation;

/// <summary>
/// What is kept of one resource once the checks that need its parsed tree are done: who it is, the findings of the
/// schema layer and of the per-resource rules, and the facts the rules across resources need (null when the
/// resource could not be read).
/// </summary>
public sealed record CheckedResource(
    ResourceIdentity Resource,
    IReadOnlyList<Finding> SchemaFindings,
    IReadOnlyList<Finding> RuleFindings,
    ResourceFacts? Facts)
{
    public static CheckedResource Of(ManifestResource resource, SchemaLayer schemas) => resource switch
    {
        // Valid before, with the same text and schema (the validation cache): only its facts are needed.
        { Known: { } known } => new(resource.Identity, [], [], known.Facts(resource.Identity)),
        { Readable: true } => new(resource.Identity, schemas.Validate(resource), ProjectRules.Check(resource), ResourceFacts.Of(resource)),
        _ => new(resource.Identity, schemas.Validate(resource), [], null),
    };

    /// <summary>The same, its document numbered <paramref name="documents"/> later in its file (see <see cref="ResourceReader.Parse"/>).</summary>
    public CheckedResource After(int documents)
    {
        if (documents == 0)
        {
            return this;
        }

        var resource = Resource with { DocumentIndex = Resource.DocumentIndex + documents };
        IReadOnlyList<Finding> Moved(IReadOnlyList<Finding> findings) =>
            findings.Select(f => f.DocumentIndex == Resource.DocumentIndex ? f with { DocumentIndex = resource.DocumentIndex } : f).ToList();
        return new(resource, Moved(SchemaFindings), Moved(RuleFindings), Facts is null ? null : Facts with { Resource = resource });
    }
}
