using System.Net;
using KanikoImages.Tests.Support;
using KanikoImages.Validation;
using KanikoImages.Validation.Schemas;

namespace KanikoImages.Tests.Validation;

/// <summary>Where schemas come from: templates, folders, the typed models, and downloads with the on-disk cache.</summary>
public sealed class SchemaLocationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("batch/v1", "Job", "v1.32.2-standalone-strict/job-batch-v1.json")]
    [InlineData("v1", "ConfigMap", "v1.32.2-standalone-strict/configmap-v1.json")]
    [InlineData("rbac.authorization.k8s.io/v1", "RoleBinding", "v1.32.2-standalone-strict/rolebinding-rbac-v1.json")]
    public void The_standard_layout_names_files_like_kubeconform(string apiVersion, string kind, string file)
    {
        var rendered = SchemaLocation.Render(SchemaLocation.StandardLayout, new ResourceType(apiVersion, kind), "1.32.2", strict: true);

        Assert.Equal(file, rendered);
    }

    [Fact]
    public void A_crd_template_uses_group_kind_and_version()
    {
        var rendered = SchemaLocation.Render("s/{{.Group}}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json", new ResourceType("argoproj.io/v1alpha1", "Application"), "1.32.2", strict: false);

        Assert.Equal("s/argoproj.io/application_v1alpha1.json", rendered);
    }

    [Fact]
    public void A_schema_folder_that_does_not_exist_is_a_user_error()
    {
        var missing = Path.Combine(_dir.Path, "schemas");

        var error = Assert.Throws<ValidationInputException>(() => SchemaLocation.Parse(missing));

        Assert.Equal($"--schema-location {missing}: the schema folder {missing} does not exist.", error.Message);
    }

    [Fact]
    public void An_unknown_template_variable_is_a_user_error()
    {
        var error = Assert.Throws<ValidationInputException>(() => SchemaLocation.Parse(_dir.Path + "/{{ .Kind }}.json"));

        Assert.Contains("unknown template variable {{ .Kind }}", error.Message);
    }

    [Theory]
    [InlineData("batch/v1", "Job", true)]
    [InlineData("v1", "ConfigMap", true)]
    [InlineData("v1", "ServiceAccount", true)]
    [InlineData("argoproj.io/v1alpha1", "Application", true)]
    [InlineData("v1", "Service", false)]
    [InlineData("batch/v1", "CronJob", false)]
    [InlineData("example.com/v1", "Widget", false)]
    public void The_typed_model_location_answers_for_the_generated_kinds_only(string apiVersion, string kind, bool answers)
    {
        Assert.Equal(answers, TypedModelValidator.Generates(new ResourceType(apiVersion, kind)));
    }

    [Fact]
    public void A_schema_location_before_the_typed_model_one_wins()
    {
        // A folder whose Job schema wants an integer name: found first, so its verdict is the one given (the project
        // rules about Jobs, which this bare Job breaks, are not the subject here).
        _dir.Write("s/job.json", """{"type": "object", "properties": {"metadata": {"type": "object", "properties": {"name": {"type": "integer"}}}}}""");
        var file = _dir.Write("job.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {templates: {}}\n");
        var folder = _dir.Path + "/s/{{ .ResourceKind }}.json";

        var schemaFirst = ManifestValidator.Validate([file], new ValidationOptions { SchemaLocations = [folder, SchemaLocation.TypedModel] });
        var modelFirst = ManifestValidator.Validate([file], new ValidationOptions { SchemaLocations = [SchemaLocation.TypedModel, folder] });

        Assert.Equal([("/metadata/name", Layers.Schema)], schemaFirst.Findings.Where(f => f.Layer != Layers.Rules).Select(f => (f.Path, f.Layer)));
        Assert.Equal(
            [("/spec", "additional properties 'templates' not allowed"), ("/spec", "missing property 'template'")],
            modelFirst.Findings.Where(f => f.Layer != Layers.Rules).Select(f => (f.Path, f.Message)));
    }

    [Fact]
    public void An_unknown_kind_is_an_error_unless_missing_schemas_are_ignored()
    {
        var file = _dir.Write("crd.yaml", "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n");
        var options = new ValidationOptions { SchemaLocations = [SchemaLocation.TypedModel] };

        var strict = ManifestValidator.Validate([file], options);
        var ignored = ManifestValidator.Validate([file], options with { IgnoreMissingSchemas = true });

        Assert.Equal(ResourceStatus.Error, strict.Resources.Single().Status);
        Assert.Contains("could not find schema for Widget (example.com/v1/Widget)", strict.Findings.Single().Message);
        Assert.True(strict.Failed);
        Assert.Equal(ResourceStatus.Skipped, ignored.Resources.Single().Status);
        Assert.False(ignored.Failed);
    }

    [Fact]
    public void A_downloaded_schema_is_cached_so_the_second_run_needs_no_server()
    {
        var schema = File.ReadAllText(Path.Combine(Paths.Shared, "conformance/schemas/v1.32.2-standalone-strict/secret-v1.json"));
        using var server = new LocalHttpServer(request => request.Url!.AbsolutePath.EndsWith("/v1.32.2-standalone-strict/secret-v1.json")
            ? (HttpStatusCode.OK, System.Text.Encoding.UTF8.GetBytes(schema))
            : (HttpStatusCode.NotFound, []));
        var file = _dir.Write("secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {a: b}\nbogus: 1\n");
        var options = new ValidationOptions
        {
            SchemaLocations = [server.Url + "schemas/"],
            SchemaCacheDirectory = Path.Combine(_dir.Path, "cache"),
        };

        var first = ManifestValidator.Validate([file], options);
        server.Dispose();
        var second = ManifestValidator.Validate([file], options);

        Assert.Equal(1, server.Requests);
        foreach (var result in new[] { first, second })
        {
            Assert.Equal(ResourceStatus.Invalid, result.Resources.Single().Status);
            Assert.Contains(result.Findings, f => f.Message == "additional properties 'bogus' not allowed");
        }
    }

    [Fact]
    public void A_server_that_fails_is_an_error_naming_the_url()
    {
        using var server = new LocalHttpServer(_ => (HttpStatusCode.InternalServerError, []));
        var file = _dir.Write("secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n");

        var result = ManifestValidator.Validate([file], new ValidationOptions { SchemaLocations = [server.Url], TypedModelFallback = false });

        Assert.Equal(ResourceStatus.Error, result.Resources.Single().Status);
        Assert.Contains($"could not download {server.Url}v1.32.2-standalone-strict/secret-v1.json: HTTP 500", result.Findings.Single().Message);
    }

    [Fact]
    public void Formats_are_asserted_like_kubeconform_with_go_durations_and_unknown_formats_passing()
    {
        var file = _dir.Write("a.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: a, creationTimestamp: yesterday}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: b, creationTimestamp: "2024-01-01T00:00:00Z"}
            ---
            apiVersion: example.com/v1
            kind: Thing
            metadata: {name: c}
            spec: {color: red, every: 5m, iso: PT5M}
            ---
            apiVersion: example.com/v1
            kind: Thing
            metadata: {name: d}
            spec: {every: five minutes}
            """);
        _dir.Write("s/thing.json", """
            {"type": "object", "properties": {"spec": {"type": "object", "properties": {
              "color": {"type": "string", "format": "color"},
              "every": {"type": "string", "format": "duration"},
              "iso": {"type": "string", "format": "duration"}}}}}
            """);

        var result = ManifestValidator.Validate([file], new ValidationOptions { SchemaLocations = [SchemaLocation.TypedModel, _dir.Path + "/s/{{ .ResourceKind }}.json"] });

        Assert.Equal(
            ["invalid", "valid", "valid", "invalid"],
            result.Resources.Select(r => r.Status.ToString().ToLowerInvariant()));
        Assert.Equal(["/metadata/creationTimestamp", "/spec/every"], result.Findings.Select(f => f.Path));
    }
}
