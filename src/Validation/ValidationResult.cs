using KanikoImages.Validation.Resources;

namespace KanikoImages.Validation;

/// <summary>One resource and its verdict.</summary>
public sealed record ResourceVerdict(ResourceIdentity Resource, ResourceStatus Status);

/// <summary>The counts of the summary table.</summary>
public sealed record ValidationSummary(int Documents, int Valid, int Invalid, int Errors, int Skipped);

/// <summary>Everything every layer found: one verdict per resource, the findings, and notes (kubeconform missing, ...).</summary>
public sealed record ValidationResult(
    IReadOnlyList<string> Files,
    IReadOnlyList<ResourceVerdict> Resources,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<string> Notes)
{
    public ValidationSummary Summary => new(
        Resources.Count,
        Resources.Count(r => r.Status == ResourceStatus.Valid),
        Resources.Count(r => r.Status == ResourceStatus.Invalid),
        Resources.Count(r => r.Status == ResourceStatus.Error),
        Resources.Count(r => r.Status == ResourceStatus.Skipped));

    /// <summary>Any invalid resource or error, also ones found outside a resource (an image without a Job).</summary>
    public bool Failed =>
        Resources.Any(r => r.Status >= ResourceStatus.Invalid) || Findings.Any(f => f.Status >= ResourceStatus.Invalid);
}
