using KanikoImages.Manifests;
using KanikoImages.Tests.Support;
using KanikoImages.Validation;
using KanikoImages.Validation.Kubeconform;
using KanikoImages.Validation.Schemas;

namespace KanikoImages.Tests.Validation;

/// <summary>
/// Folding kubeconform's report into the result, with a stand-in kubeconform (a real script printing
/// kubeconform-format JSON) run as a process.
/// </summary>
public sealed class KubeconformLayerTests : IDisposable
{
    private readonly TempDirectory _repo = new();
    private readonly ValidationOptions _options;
    private readonly KanikoImages.Images.ImageCatalog _catalog = KanikoManifest.Catalog("python-app");

    public KubeconformLayerTests()
    {
        _options = new ValidationOptions { SchemaLocations = [SchemaLocation.TypedModel], BaseDirectory = _repo.Path };
        KanikoManifest.Write(_repo.Path, _catalog);
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Its_findings_land_on_the_resource_they_name()
    {
        var job = KanikoManifest.JobName(KanikoManifest.Image("python-app"));
        var standIn = StandIn(1, $$$"""
            {"resources": [
              {"filename": "{{{Path.Combine(_repo.Path, ManifestConventions.ManifestPath)}}}", "kind": "Job", "name": "{{{job}}}", "version": "batch/v1",
               "status": "statusInvalid", "msg": "x", "validationErrors": [{"path": "/spec/completions", "msg": "got string, want integer"}]},
              {"filename": "{{{Path.Combine(_repo.Path, ManifestConventions.ApplicationPath)}}}", "kind": "", "name": "", "version": "",
               "status": "statusError", "msg": "error unmarshalling resource"}],
             "summary": {"valid": 3, "invalid": 1, "errors": 1, "skipped": 0}}
            """);

        var result = ManifestValidator.Validate([ManifestConventions.ManifestPath, ManifestConventions.ApplicationPath], _options, _catalog, kubeconform: standIn);

        var onJob = Assert.Single(result.Findings, f => f.Path == "/spec/completions");
        Assert.Equal((job, 2, Layers.Kubeconform), (onJob.Name, onJob.DocumentIndex, onJob.Layer));
        Assert.Equal(ResourceStatus.Invalid, result.Resources.Single(r => r.Resource.Name == job).Status);
        var onFile = Assert.Single(result.Findings, f => f.Status == ResourceStatus.Error);
        Assert.Equal((ManifestConventions.ApplicationPath, -1, "error unmarshalling resource"), (onFile.File, onFile.DocumentIndex, onFile.Message));
        Assert.True(result.Failed);
        Assert.Contains(result.Notes, n => n.EndsWith(": 3 valid, 1 invalid, 1 errors, 0 skipped"));
        Assert.Contains("-strict", File.ReadAllText(standIn.Arguments));
        // The typed-model location has no schema files: kubeconform is not given it.
        Assert.DoesNotContain(SchemaLocation.TypedModel, File.ReadAllText(standIn.Arguments));
    }

    [Fact]
    public void A_crash_or_output_that_is_not_its_report_is_reported_not_thrown_away()
    {
        var crashed = ManifestValidator.Validate([ManifestConventions.ManifestPath], _options, _catalog, kubeconform: StandIn(2, "", "flag provided but not defined: -bogus"));

        Assert.Contains("failed with exit code 2: flag provided but not defined: -bogus", Assert.Single(crashed.Findings).Message);
        var garbled = Assert.Throws<ValidationInputException>(() => ManifestValidator.Validate([ManifestConventions.ManifestPath], _options, _catalog, kubeconform: StandIn(0, "hello")));
        Assert.StartsWith("kubeconform's output is not its JSON report", garbled.Message);
    }

    [Fact]
    public void None_available_is_a_note_unless_it_is_required()
    {
        var missing = new StandInKubeconform(null, "");

        var noted = ManifestValidator.Validate([ManifestConventions.ManifestPath], _options, _catalog, kubeconform: missing);
        var required = ManifestValidator.Validate([ManifestConventions.ManifestPath], _options with { RequireKubeconform = true }, _catalog, kubeconform: missing);

        Assert.False(noted.Failed);
        Assert.Contains(KubeconformLayer.NotFound, noted.Notes);
        Assert.True(required.Failed);
        Assert.Contains("--require-kubeconform", Assert.Single(required.Findings).Message);
    }

    private StandInKubeconform StandIn(int exitCode, string report, string error = "")
    {
        var script = KubeconformStandIn.Write(Path.Combine(_repo.Path, "bin", "kubeconform"), exitCode, report, error);
        return new StandInKubeconform(script, script + ".arguments");
    }

    /// <summary>Runs the script as kubeconform would be run (the build's Cake runner builds the same argument list).</summary>
    private sealed class StandInKubeconform(string? path, string arguments) : IKubeconform
    {
        public string Arguments => arguments;

        public string? Locate() => path;

        public KubeconformRun Run(KubeconformRequest request)
        {
            var result = ProcessResult.Run(path!, [request.Strict ? "-strict" : "-summary", "-output", "json", .. request.Files]);
            return new KubeconformRun(result.ExitCode, result.StandardOutput, result.StandardError);
        }
    }
}
