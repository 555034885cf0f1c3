using KanikoImages.Validation.Resources;
using KanikoImages.Validation.Schemas;

namespace KanikoImages.Validation.Kubeconform;

/// <summary>
/// Layer 1: the reference validator, when a kubeconform binary is available. Its findings are folded into the
/// same result, attached to the resource they are about (matched by file, kind and name).
/// </summary>
public sealed class KubeconformLayer(IKubeconform? kubeconform, ValidationOptions options)
{
    public const string NotFound =
        "kubeconform: not found on PATH (use --kubeconform-path or --kubeconform-download); validated with the in-process checks only";

    /// <summary>The findings and notes of one run over <paramref name="files"/> (full paths).</summary>
    public (IReadOnlyList<Finding> Findings, IReadOnlyList<string> Notes) Run(
        IReadOnlyList<string> files,
        IReadOnlyList<ResourceIdentity> resources,
        Func<string, string> display)
    {
        var binary = kubeconform?.Locate();
        if (binary is null)
        {
            return options.RequireKubeconform
                ? ([new Finding("", -1, "", "", "", "kubeconform is required (--require-kubeconform) but none was found on PATH; use --kubeconform-path or --kubeconform-download", ResourceStatus.Error, Layers.Kubeconform)], [])
                : ([], [NotFound]);
        }

        var run = kubeconform!.Run(new KubeconformRequest(files, Locations(), options.KubernetesVersion, options.Strict, options.IgnoreMissingSchemas));
        if (run.ExitCode is not (0 or 1))
        {
            var why = string.IsNullOrWhiteSpace(run.StandardError) ? run.StandardOutput : run.StandardError;
            return ([new Finding("", -1, "", "", "", $"kubeconform ({binary}) failed with exit code {run.ExitCode}: {why.Trim()}", ResourceStatus.Error, Layers.Kubeconform)], []);
        }

        var report = KubeconformReport.Parse(run.StandardOutput);
        var byName = resources.ToLookup(r => (r.File, r.Kind, r.Name));
        var findings = (report.Resources ?? []).Where(r => r.Verdict >= ResourceStatus.Invalid)
            .SelectMany(r => Findings(r, byName, display))
            .ToList();
        var summary = report.Summary is { } s ? $": {s.Valid} valid, {s.Invalid} invalid, {s.Errors} errors, {s.Skipped} skipped" : "";
        return (findings, [$"kubeconform ({binary}){summary}"]);
    }

    /// <summary>The same locations for kubeconform, but the typed-model one: it has no schema files to give it.</summary>
    private List<string> Locations() => options.SchemaLocations.Where(l => l != SchemaLocation.TypedModel).ToList();

    private static IEnumerable<Finding> Findings(
        KubeconformResource result,
        ILookup<(string File, string Kind, string Name), ResourceIdentity> resources,
        Func<string, string> display)
    {
        var file = display(result.Filename ?? "");
        var resource = resources[(file, result.Kind ?? "", result.Name ?? "")].FirstOrDefault();
        var errors = result.ValidationErrors is { Count: > 0 } list
            ? list.Select(e => (Path: e.Path ?? "", Message: e.Message ?? ""))
            : [(Path: "", Message: result.Message ?? result.Status ?? "")];
        return errors.Select(e => resource is null
            ? new Finding(file, -1, result.Kind ?? "", result.Name ?? "", e.Path, e.Message, result.Verdict, Layers.Kubeconform)
            : Finding.For(resource, e.Path, e.Message, result.Verdict, Layers.Kubeconform));
    }
}
