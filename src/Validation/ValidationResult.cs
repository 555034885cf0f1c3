using KanikoImages.Validation.Resources;

namespace KanikoImages.Validation;

/// <summary>One resource and its verdict.</summary>
public sealed record ResourceVerdict(ResourceIdentity Resource, ResourceStatus Status);

/// <summary>
/// The counts of the summary table: resources by verdict, and the findings that fail the run (invalid or error),
/// of which <paramref name="Unattached"/> are about no resource (an image without a Job, an unreadable file).
/// </summary>
public sealed record ValidationSummary(int Documents, int Valid, int Invalid, int Errors, int Skipped, int Findings = 0, int Unattached = 0)
{
    /// <summary>The one sentence the report and the final error share, so they cannot disagree.</summary>
    public override string ToString()
    {
        var outside = Unattached > 0 ? $" ({Unattached} about no document)" : "";
        return $"{Documents} document(s): {Valid} valid, {Invalid} invalid, {Errors} error(s), {Skipped} skipped; {Findings} failing finding(s){outside}";
    }
}

/// <summary>Everything every layer found: one verdict per resource, the findings, and notes (kubeconform missing, ...).</summary>
public sealed record ValidationResult(
    IReadOnlyList<string> Files,
    IReadOnlyList<ResourceVerdict> Resources,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<string> Notes)
{
    public ValidationSummary Summary
    {
        get
        {
            var documents = Resources.Select(r => (r.Resource.File, r.Resource.DocumentIndex, r.Resource.ItemIndex)).ToHashSet();
            var failing = Findings.Where(f => f.Status >= ResourceStatus.Invalid).ToList();
            return new(
                Resources.Count,
                Resources.Count(r => r.Status == ResourceStatus.Valid),
                Resources.Count(r => r.Status == ResourceStatus.Invalid),
                Resources.Count(r => r.Status == ResourceStatus.Error),
                Resources.Count(r => r.Status == ResourceStatus.Skipped),
                failing.Count,
                failing.Count(f => !documents.Contains((f.File, f.DocumentIndex, f.ItemIndex))));
        }
    }

    /// <summary>Any invalid resource or error, also ones found outside a resource (an image without a Job).</summary>
    public bool Failed =>
        Resources.Any(r => r.Status >= ResourceStatus.Invalid) || Findings.Any(f => f.Status >= ResourceStatus.Invalid);
}
