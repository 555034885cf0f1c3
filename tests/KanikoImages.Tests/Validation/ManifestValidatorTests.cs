using KanikoImages.Manifests;
using KanikoImages.Tests.Support;
using KanikoImages.Validation;
using KanikoImages.Validation.Reporting;
using KanikoImages.Validation.Schemas;

namespace KanikoImages.Tests.Validation;

/// <summary>The stage's entry point over a realistic deploy/ written to a temp folder, with the offline typed-model check.</summary>
public sealed class ManifestValidatorTests : IDisposable
{
    private static readonly string[] Deploy = [ManifestConventions.ManifestPath, ManifestConventions.ApplicationPath];
    private readonly TempDirectory _repo = new();
    private readonly ValidationOptions _options;

    public ManifestValidatorTests()
    {
        // Only the typed models: these tests never touch the network.
        _options = new ValidationOptions { SchemaLocations = [SchemaLocation.TypedModel], BaseDirectory = _repo.Path };
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void A_generated_manifest_is_valid_offline()
    {
        var catalog = KanikoManifest.Catalog("python-app", "go-tool");
        KanikoManifest.Write(_repo.Path, catalog);

        var result = ManifestValidator.Validate(Deploy, _options, catalog);

        Assert.False(result.Failed, ValidationReport.Text(result));
        Assert.Equal(new ValidationSummary(6, 6, 0, 0, 0, 0, 0), result.Summary);
        Assert.Contains(result.Resources, r => r.Resource.Kind == "Application" && r.Status == ResourceStatus.Valid);
    }

    [Fact]
    public void Corrupting_one_field_of_one_Job_names_that_Job_and_field()
    {
        var catalog = KanikoManifest.Catalog("python-app", "go-tool");
        var job = KanikoManifest.JobName(catalog.Images[1]);
        KanikoManifest.Write(_repo.Path, catalog, yaml => yaml.Replace("backoffLimit: 2", "backoffLimit: two").Replace(
            "restartPolicy: Never", "restartPolicy: Never\n      restartPolicyy: Always"));

        var result = ManifestValidator.Validate(Deploy, _options, catalog);
        var text = ValidationReport.Text(result);

        Assert.True(result.Failed);
        Assert.Contains($"Job/{job} at '/spec/backoffLimit': got string, want integer or null", text);
        Assert.Contains($"Job/{job} at '/spec/template/spec': additional properties 'restartPolicyy' not allowed", text);
        Assert.Equal(2, result.Summary.Invalid);
    }

    [Fact]
    public void Without_any_schema_the_typed_models_still_catch_unknown_fields_and_wrong_types()
    {
        var catalog = KanikoManifest.Catalog("python-app");
        KanikoManifest.Write(_repo.Path, catalog, yaml => yaml.Replace("backoffLimit: 2", "backoffLimit: [2]").Replace("restartPolicy: Never", "restartPolicy: Never\n      restartPolicyy: Always"));
        var noSchemas = _options with { SchemaLocations = [_repo.Path + "/none/{{ .ResourceKind }}.json"] };
        Directory.CreateDirectory(Path.Combine(_repo.Path, "none"));

        var result = ManifestValidator.Validate([ManifestConventions.ManifestPath], noSchemas, catalog);
        var findings = result.Findings.Where(f => f.Layer == Layers.TypedModel).ToList();

        var lax = ManifestValidator.Validate([ManifestConventions.ManifestPath], noSchemas with { Strict = false }, catalog);

        Assert.Contains(findings, f => f.Path == "/spec/backoffLimit" && f.Message == "got array, want integer or null");
        Assert.Contains(findings, f => f.Path == "/spec/template/spec" && f.Message == "additional properties 'restartPolicyy' not allowed");
        Assert.Equal(2, findings.Count);
        Assert.Equal("/spec/backoffLimit", Assert.Single(lax.Findings).Path);
    }

    [Fact]
    public void Reports_as_json_and_junit_carry_every_finding()
    {
        var catalog = KanikoManifest.Catalog("python-app");
        KanikoManifest.Write(_repo.Path, catalog, yaml => yaml.Replace("backoffLimit: 2", "backoffLimit: two"));

        var result = ManifestValidator.Validate(Deploy, _options, catalog);
        var json = System.Text.Json.Nodes.JsonNode.Parse(ValidationReport.Json(result))!;
        var junit = System.Xml.Linq.XDocument.Parse(ValidationReport.JUnit(result));

        Assert.Equal(1, (int)json["summary"]!["invalid"]!);
        Assert.Equal("/spec/backoffLimit", (string)json["findings"]![0]!["path"]!);
        Assert.Equal("1", junit.Root!.Attribute("failures")!.Value);
        Assert.Contains("/spec/backoffLimit", junit.Descendants("failure").Single().Value);
    }

    [Fact]
    public void A_thousand_Jobs_validate_in_one_pass()
    {
        var catalog = KanikoManifest.Catalog(Enumerable.Range(0, 1000).Select(i => $"image-{i:D4}").ToArray());
        KanikoManifest.Write(_repo.Path, catalog);

        var result = ManifestValidator.Validate(Deploy, _options, catalog);

        Assert.False(result.Failed);
        Assert.Equal(2002, result.Summary.Valid);
        Assert.True(new FileInfo(Path.Combine(_repo.Path, ManifestConventions.ManifestPath)).Length > 2_000_000);
    }

    [Fact]
    public void Documents_parsed_in_parallel_keep_their_order_numbers_and_lines_in_every_file()
    {
        // Empty documents (not counted), Lists (one document, several items), a syntax error and an invalid field,
        // far more documents than threads, in two files numbered each from 1.
        var yaml = new System.Text.StringBuilder();
        var expected = new List<string>();
        var (line, document) = (1, 0);
        for (var i = 0; i < 300; i++)
        {
            var text = i switch
            {
                _ when i % 7 == 3 => "# a comment only\n",
                _ when i % 50 == 10 => "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: l" + i + "a}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: l" + i + "b}}\n",
                151 => "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [unclosed\n",
                170 => "apiVersion: v1\nkind: Service\nmetadata: {name: s170}\nspec: {ports: [{port: \"80\"}]}\n",
                _ => "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c" + i + "}\n",
            };
            yaml.Append("---\n").Append(text);
            if (i % 7 != 3)
            {
                expected.AddRange(i % 50 == 10 && i % 7 != 3
                    ? [$"a.yaml {document}.0 {line + 1}", $"a.yaml {document}.1 {line + 1}"]
                    // A document that does not parse is placed at its error: here the end of its unclosed mapping.
                    : [$"a.yaml {document} {(i == 151 ? line + 4 : line + 1)}"]);
                document++;
            }

            line += 1 + text.Count(c => c == '\n');
        }

        _repo.Write("a.yaml", yaml.ToString());
        _repo.Write("b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n---\nkind: [\n");
        expected.AddRange(["b.yaml 0 1", "b.yaml 1 6"]);

        var result = ManifestValidator.Validate(["a.yaml", "b.yaml"], _options);

        Assert.Equal(expected, result.Resources.Select(r => $"{r.Resource.File} {r.Resource.DocumentIndex}{(r.Resource.ItemIndex is { } item ? "." + item : "")} {r.Resource.Line}"));
        var syntax = Assert.Single(result.Findings, f => f.File == "a.yaml" && f.Layer == Layers.Reader);
        var broken = Assert.Single(result.Resources, r => r.Resource.File == "a.yaml" && r.Status == ResourceStatus.Error).Resource;
        Assert.Equal((129, broken.Line), (syntax.DocumentIndex, syntax.Line));
        Assert.StartsWith($"YAML parse error at line {broken.Line}: ", syntax.Message);
        var port = Assert.Single(result.Findings, f => f.Layer == Layers.TypedModel);
        Assert.Equal(("Service", "s170"), (port.Kind, port.Name));
        Assert.Equal(result.Resources.Single(r => r.Resource.Name == "s170").Resource.DocumentIndex, port.DocumentIndex);
        Assert.Contains("a.yaml (document 147) Service/s170", ValidationReport.Text(result));
        Assert.Equal((1, 6), Assert.Single(result.Findings, f => f.File == "b.yaml") is var b ? (b.DocumentIndex, b.Line) : default);
    }

    [Fact]
    public void A_repository_without_a_generated_manifest_is_a_user_error()
    {
        var error = Assert.Throws<ValidationInputException>(() => ManifestValidator.ValidateRepository(_repo.Path, _options, null, null));

        Assert.Equal($"{Path.Combine(_repo.Path, ManifestConventions.ManifestPath)}: no manifest to validate (run ./build.sh GenerateManifests).", error.Message);
    }

    [Fact]
    public void A_kind_checked_by_its_typed_model_is_noted_with_the_reason()
    {
        _repo.Write("svc.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: \"80\"}]}\n");

        var result = ManifestValidator.Validate(["svc.yaml"], _options);

        Assert.Equal("got string, want integer", Assert.Single(result.Findings).Message);
        Assert.Equal("v1/Service: no JSON schema (in none of typed-model); checked against its typed model", Assert.Single(result.Notes, n => n.StartsWith("v1/Service")));
    }
}
