using System.Net;
using KanikoImages.Images;
using KanikoImages.Manifests;
using KanikoImages.Tests.Support;
using KanikoImages.Validation;
using KanikoImages.Validation.Kubeconform;

namespace KanikoImages.Tests.Validation;

/// <summary>The Validate task through the real Build.dll on a temp repository, with --exclusive (deploy/ as it is).</summary>
public sealed class ValidateTaskTests : IDisposable
{
    private readonly TempDirectory _repo = new();
    private readonly ImageCatalog _catalog;

    public ValidateTaskTests()
    {
        _repo.Write("images.yaml", "registry: registry.example.com/team\n");
        _repo.Write("images/python-app/Dockerfile", "FROM python:3.12-slim\nCMD [\"python\", \"-V\"]\n");
        _repo.Write("images/go-tool/Dockerfile", "FROM golang:1.23\nCMD [\"go\", \"version\"]\n");
        _catalog = CatalogLoader.Load(_repo.Path, new Dictionary<string, string>(), new Dictionary<string, string>());
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void A_valid_deploy_folder_passes_and_says_kubeconform_is_missing()
    {
        Generate();

        var result = Validate();

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Matches(@"Validated \d+ document\(s\) in 1 file\(s\)", result.Output);
        Assert.Contains(KubeconformLayer.NotFound, result.Output);
    }

    [Fact]
    public void A_corrupted_Job_fails_naming_the_Job_and_the_field_without_a_crash_trace()
    {
        var job = KanikoManifest.JobName(_catalog.Images.Single(i => i.Name == "python-app"));
        KanikoManifest.Write(_repo.Path, _catalog, yaml => ReplaceInJob(yaml, job, "backoffLimit: 2", "backoffLimit: two"));

        var result = Validate();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"Job/{job} at '/spec/backoffLimit': got string, want integer or null", result.Output);
        Assert.Matches(@"Validate\s+\S+\s+Failed", result.Output);
        Assert.DoesNotContain("   at ", result.Output);
    }

    [Fact]
    public void A_changed_image_makes_the_manifest_out_of_date()
    {
        KanikoManifest.Write(_repo.Path, _catalog);
        _repo.Write("images/go-tool/Dockerfile", "FROM golang:1.24\n");

        var result = Validate();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("deploy/manifest.yaml is out of date: run ./build.sh GenerateManifests", result.Output);
    }

    [Fact]
    public void Json_output_and_a_junit_file_are_written_for_ci()
    {
        Generate();
        var manifest = Path.Combine(_repo.Path, ManifestConventions.ManifestPath);
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("backoffLimit: 2", "backoffLimit: two"));

        var result = Validate("--output", "json", "--junit", "reports/validate.xml");

        Assert.NotEqual(0, result.ExitCode);
        var report = System.Text.Json.Nodes.JsonNode.Parse(result.StandardOutput)!;
        Assert.Equal(2, (int)report["summary"]!["invalid"]!);
        Assert.Contains("Validation failed", result.StandardError);
        var junit = System.Xml.Linq.XDocument.Load(Path.Combine(_repo.Path, "reports/validate.xml"));
        Assert.Equal("2", junit.Root!.Attribute("failures")!.Value);
    }

    [Fact]
    public void Under_GitHub_Actions_each_finding_is_a_workflow_annotation_at_its_line()
    {
        var job = GenerateAndEditJob("python-app", "backoffLimit: 2", "backoffLimit: two");
        var manifest = File.ReadAllLines(Path.Combine(_repo.Path, ManifestConventions.ManifestPath));
        // The Job's document starts on its apiVersion line, just above its kind.
        var line = Enumerable.Range(0, manifest.Length)
            .Where(i => manifest[i] == "kind: Job")
            .First(i => manifest.Skip(i).TakeWhile(l => l != "---").Contains($"  name: {job}"));

        var annotated = BuildRunner.Run(["Validate", "--exclusive", "--working", _repo.Path], new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true" });
        var plain = BuildRunner.Run(["Validate", "--exclusive", "--working", _repo.Path], new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = null });

        Assert.NotEqual(0, annotated.ExitCode);
        // The edited Job also differs from what GenerateManifests produces: that is its own [generated] annotation.
        var annotation = Assert.Single(
            annotated.StandardOutput.Split('\n'), l => l.StartsWith("::error ", StringComparison.Ordinal) && !l.Contains("[generated]", StringComparison.Ordinal));
        Assert.Equal(
            $"::error file=deploy/manifest.yaml,line={line},title=Job/{job} [typed-model]::/spec/backoffLimit: got string, want integer or null",
            annotation.TrimEnd('\r'));
        Assert.DoesNotContain("::error", plain.Output);
    }

    [Fact]
    public void Under_GitHub_Actions_manifest_content_quoted_in_the_report_cannot_run_as_a_workflow_command()
    {
        // A label value holding a newline and a workflow command: invalid, and quoted in the report's finding line.
        GenerateAndEditJob("python-app", "app.kubernetes.io/managed-by: kaniko-k8s-images", "app.kubernetes.io/managed-by: \"x\\n::add-mask::pwned\"");

        var result = BuildRunner.Run(["Validate", "--exclusive", "--working", _repo.Path], new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true" });

        Assert.NotEqual(0, result.ExitCode);
        var lines = result.StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains(lines, l => l.StartsWith("::add-mask::pwned", StringComparison.Ordinal));

        // The runner runs a line as a command when it starts with "::" (after leading spaces) while commands are not
        // stopped: outside the pause only the pause's own end and our annotations (newlines escaped) may do that.
        var stop = Assert.Single(lines, l => l.StartsWith("::stop-commands::", StringComparison.Ordinal));
        var resume = $"::{stop["::stop-commands::".Length..]}::";
        var (from, to) = (lines.IndexOf(stop), lines.IndexOf(resume));
        Assert.True(from < to, "the report is not between stop-commands and its resume");
        var active = lines.Where((l, i) => (i < from || i > to) && l.TrimStart().StartsWith("::", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(active);
        Assert.All(active, l => Assert.Matches("^::(error|warning|notice) file=deploy/manifest.yaml,line=[0-9]+,title=[^:]+::", l));
        Assert.Contains(active, l => l.Contains("x%0A::add-mask::pwned", StringComparison.Ordinal));
    }

    [Fact]
    public void A_schema_folder_that_does_not_exist_is_a_clear_error()
    {
        KanikoManifest.Write(_repo.Path, _catalog);

        var result = Validate("--schema-location", "no-such-schemas");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"the schema folder {Path.Combine(_repo.Path, "no-such-schemas")} does not exist", result.Output);
        Assert.DoesNotContain("   at ", result.Output);
    }

    [Fact]
    public void Kubeconform_on_path_is_run_strict_with_json_output_and_its_findings_are_reported()
    {
        KanikoManifest.Write(_repo.Path, _catalog);
        var job = KanikoManifest.JobName(_catalog.Images[0]);
        var bin = StandIn(exitCode: 1, $$$"""
            {"resources": [{"filename": "{{{Path.Combine(_repo.Path, ManifestConventions.ManifestPath)}}}", "kind": "Job", "name": "{{{job}}}", "version": "batch/v1",
              "status": "statusInvalid", "msg": "bad", "validationErrors": [{"path": "/spec/parallelism", "msg": "kubeconform says no"}]}],
             "summary": {"valid": 5, "invalid": 1, "errors": 0, "skipped": 0}}
            """);

        var result = BuildRunner.Run(
            ["Validate", "--exclusive", "--working", _repo.Path],
            new Dictionary<string, string?> { ["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH") });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"Job/{job} at '/spec/parallelism': kubeconform says no [kubeconform]", result.Output);
        Assert.Contains("5 valid, 1 invalid", result.Output);
        var arguments = File.ReadAllLines(Path.Combine(bin, "kubeconform.arguments"));
        Assert.Equal(["-strict", "-summary", "-output", "json", "-kubernetes-version", "1.32.2"], arguments[..6]);
        Assert.Contains(Path.Combine(_repo.Path, ManifestConventions.ManifestPath), arguments);
        Assert.Contains("-schema-location", arguments);
    }

    [Fact]
    public void Kubeconform_path_overrides_path_and_a_clean_report_passes()
    {
        Generate();
        var bin = StandIn(exitCode: 0, """{"resources": [], "summary": {"valid": 6, "invalid": 0, "errors": 0, "skipped": 0}}""");

        var result = Validate("--kubeconform-path", Path.Combine(bin, "kubeconform"), "--require-kubeconform");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("6 valid, 0 invalid, 0 errors, 0 skipped", result.Output);
    }

    [Fact]
    public void Require_kubeconform_without_one_is_an_error()
    {
        KanikoManifest.Write(_repo.Path, _catalog);

        var result = Validate("--require-kubeconform");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("kubeconform is required (--require-kubeconform) but none was found", result.Output);
    }

    [Fact]
    public void A_download_whose_checksum_differs_from_the_pin_is_refused_and_nothing_is_installed()
    {
        KanikoManifest.Write(_repo.Path, _catalog);
        var archive = VerifiedDownloadTests.TarGz("kubeconform", "#!/bin/sh\necho '{\"resources\": []}'\n");
        using var server = new LocalHttpServer(_ => (HttpStatusCode.OK, archive));

        var result = Validate("--kubeconform-download", "--kubeconform-download-url", server.Url);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"refusing {server.Url}kubeconform-", result.Output);
        Assert.Contains("Nothing was installed", result.Output);
        Assert.Equal(1, server.Requests);
        Assert.False(Directory.Exists(Path.Combine(_repo.Path, ".tools", "kubeconform")));
    }

    [Fact]
    public void The_summary_table_the_finding_lines_and_the_final_error_agree()
    {
        // A finding about no document: kubeconform is required and there is none on PATH.
        Generate();

        var result = Validate("--require-kubeconform");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"\n  (\d+) +\1 +0 +0 +0 +1 *\n  1 of the findings are about no document", result.Output);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(result.Output, "(?m)^(ERROR|INVALID) "));
        Assert.Matches(@"Validation failed: (\d+) document\(s\): \1 valid, 0 invalid, 0 error\(s\), 0 skipped; 1 failing finding\(s\) \(1 about no document\)\.", result.Output);
    }

    /// <summary>deploy/ as GenerateManifests writes it: Validate --exclusive requires exactly that.</summary>
    private void Generate()
    {
        var result = BuildRunner.Run("GenerateManifests", "--working", _repo.Path);
        Assert.True(result.ExitCode == 0, result.Output);
    }

    private ProcessResult Validate(params string[] options) =>
        BuildRunner.Run(["Validate", "--exclusive", "--working", _repo.Path, .. options], null);

    /// <summary>A folder holding a stand-in kubeconform (see <see cref="KubeconformStandIn"/>).</summary>
    private string StandIn(int exitCode, string report)
    {
        var bin = Path.Combine(_repo.Path, "stand-in-bin");
        KubeconformStandIn.Write(Path.Combine(bin, "kubeconform"), exitCode, report);
        return bin;
    }

    /// <summary>The generated deploy/ with one edit in <paramref name="image"/>'s Job; returns the Job's name.</summary>
    private string GenerateAndEditJob(string image, string from, string to)
    {
        Generate();
        var path = Path.Combine(_repo.Path, ManifestConventions.ManifestPath);
        var yaml = File.ReadAllText(path);
        var job = System.Text.RegularExpressions.Regex.Match(yaml, $@"name: ({image}-[0-9a-f]{{12}})\n").Groups[1].Value;
        Assert.NotEmpty(job);
        var edited = ReplaceInJob(yaml, job, from, to);
        Assert.NotEqual(yaml, edited);
        File.WriteAllText(path, edited);
        return job;
    }

    private static string ReplaceInJob(string yaml, string job, string from, string to) =>
        string.Join("---\n", yaml.Split("---\n").Select(d => d.Contains("name: " + job) && d.Contains("kind: Job") ? d.Replace(from, to) : d));
}
