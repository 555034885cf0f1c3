namespace KanikoImages.Validation.Rules;

/// <summary>Two resources of one kind with the same namespace/name: the second would overwrite the first.</summary>
public sealed class UniqueNamesRule : IManifestRule
{
    public IEnumerable<Finding> Check(RuleInputs inputs) =>
        inputs.Resources
            .Where(r => r.Named)
            .Select(r => r.Resource)
            .GroupBy(r => (r.ApiVersion.Split('/')[0], r.Kind, Namespace: inputs.NamespaceOf(r), r.Name))
            .Where(g => g.Count() > 1)
            .SelectMany(g => g.Skip(1).Select(duplicate => Finding.For(
                duplicate,
                "/metadata/name",
                $"duplicate {g.Key.Kind} {g.Key.Namespace}/{g.Key.Name}: also at {Finding.Describe(g.First().File, g.First().DocumentIndex, g.First().ItemIndex)}",
                ResourceStatus.Invalid,
                Layers.Rules)));
}
