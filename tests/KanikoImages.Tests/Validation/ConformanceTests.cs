using KanikoImages.Tests.Support;
using KanikoImages.Validation;
using KanikoImages.Validation.Resources;

namespace KanikoImages.Tests.Validation;

/// <summary>
/// The in-process schema layer over kubeconform v0.7.0's own fixtures with the v1.32.2 schemas, asserting the
/// verdicts of the conformance data's README.md (<see cref="Support.Conformance"/>), strict and non-strict.
/// </summary>
public sealed class ConformanceTests
{
    private static readonly string Conformance = Support.Conformance.Folder;
    private static readonly string Fixtures = Path.Combine(Conformance, "kubeconform-fixtures");

    private static readonly string[] Kubernetes =
        [Path.Combine(Conformance, "schemas") + "/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json"];

    private static readonly string[] WithCrds =
        [.. Kubernetes, Path.Combine(Conformance, "schemas") + "/crds/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"];

    /// <summary>Fixture, strict (null: both), locations ("k8s", "crds" or a fixture-relative template), --ignore-missing-schemas, expected verdicts sorted.</summary>
    public static TheoryData<string, bool, string, bool, string> Cases()
    {
        var data = new TheoryData<string, bool, string, bool, string>();
        void Both(string fixture, string expected, string locations = "crds", bool ignore = false)
        {
            data.Add(fixture, false, locations, ignore, expected);
            data.Add(fixture, true, locations, ignore, expected);
        }

        Both("valid.yaml", "valid");
        Both("valid.json", "valid");
        Both("folder", "valid*7");
        Both("int_or_string.yaml", "valid");
        Both("generate_name.yaml", "valid");
        Both("quantity.yaml", "valid");
        Both("null_string.yaml", "valid");
        Both("multi_valid.yaml", "valid*6");
        Both("multi_invalid.yaml", "valid*5,invalid");
        Both("invalid.yaml", "invalid");
        Both("blank.yaml", "");
        Both("comment.yaml", "");
        Both("missing_kind.yaml", "error");
        Both("missing_kind_value.yaml", "error");
        Both("missing_apiversion.yaml", "error");
        Both("test_crd.yaml", "error");
        Both("test_crd.yaml", "skipped", ignore: true);
        Both("test_crd.yaml", "valid", locations: "registry/{{ .ResourceKind }}{{ .KindSuffix }}.json");
        data.Add("extra_property.yaml", false, "crds", false, "valid");
        data.Add("extra_property.yaml", true, "crds", false, "invalid");
        data.Add("duplicate_property.yaml", false, "crds", false, "valid");
        data.Add("duplicate_property.yaml", true, "crds", false, "error");
        Both("list_valid.yaml", "valid*6");
        Both("list_invalid.yaml", "valid,invalid");
        Both("list_empty_valid.yaml", "");
        Both("multi_with_list.yaml", "valid*2");
        Both("httpproxy.yaml", "valid");
        Both("httpproxy.yaml", "error", locations: "k8s");
        Both("grafana-alert-rule-group-sample.yaml", "valid", locations: "grafanaalertrulegroup_v1beta1.json");
        Both("grafanaalertrulegroup_v1beta1.json", "error");
        Both("crd_schema.yaml", "error");
        Both("registry/sagemaker.aws.amazon.com_trainingjobs.yaml", "error");
        foreach (var twoValid in new[]
        {
            "duplicates.yaml", "duplicates-with-namespace.yaml", "duplicates-with-namespace-default.yaml",
            "duplicates-non-namespaced.yaml", "same-object-different-namespace.yaml", "same-object-different-namespace-default.yaml",
        })
        {
            Both(twoValid, "valid*2");
        }

        Both("duplicates-skipped-kinds.yaml", "error*2");
        Both("same-kind-different-api.yaml", "valid,error");
        Both("multi_invalid_resources.yaml", "error*5");
        Both("full_domain_group.yaml", "valid");
        Both("unconventional_keys.yaml", "valid");
        Both("null_array.yaml", "valid");
        Both("multi_valid_source.yaml", "valid*6");
        Both("valid_version.yaml", "valid");
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Schema_layer_gives_kubeconforms_verdict(string fixture, bool strict, string locations, bool ignoreMissing, string expected)
    {
        Support.Conformance.Require();
        var options = new ValidationOptions
        {
            SchemaLocations = locations switch
            {
                "k8s" => Kubernetes,
                "crds" => WithCrds,
                _ => [Path.Combine(Fixtures, locations)],
            },
            KubernetesVersion = "1.32.2",
            Strict = strict,
            IgnoreMissingSchemas = ignoreMissing,
            TypedModelFallback = false,
        };

        var verdicts = Verdicts(Path.Combine(Fixtures, fixture), options);

        Assert.Equal(Expand(expected), verdicts);
    }

    [SkippableTheory]
    [InlineData("missing_kind.yaml", "missing 'kind' key")]
    [InlineData("missing_kind_value.yaml", "missing 'kind' key")]
    [InlineData("missing_apiversion.yaml", "missing 'apiVersion' key")]
    [InlineData("grafanaalertrulegroup_v1beta1.json", "missing 'kind' key")]
    [InlineData("list_invalid.yaml", "at '/spec/replicas': got string, want integer or null")]
    [InlineData("multi_invalid.yaml", "at '/spec/ports/0/port': got string, want integer")]
    [InlineData("test_crd.yaml", "could not find schema for TrainingJob")]
    public void Messages_are_kubeconforms(string fixture, string message)
    {
        Support.Conformance.Require();
        var options = new ValidationOptions { SchemaLocations = WithCrds, TypedModelFallback = false };

        var result = ManifestValidator.Validate([Path.Combine(Fixtures, fixture)], options);

        Assert.Contains(message, KanikoImages.Validation.Reporting.ValidationReport.Text(result));
    }

    [SkippableFact]
    public void Strict_names_the_unknown_field_and_the_duplicate_key()
    {
        Support.Conformance.Require();
        var options = new ValidationOptions { SchemaLocations = WithCrds };

        var invalid = KanikoImages.Validation.Reporting.ValidationReport.Text(ManifestValidator.Validate([Path.Combine(Fixtures, "invalid.yaml")], options));
        var duplicate = KanikoImages.Validation.Reporting.ValidationReport.Text(ManifestValidator.Validate([Path.Combine(Fixtures, "duplicate_property.yaml")], options));

        Assert.Contains("at '/spec': additional properties 'templates' not allowed", invalid);
        Assert.Contains("key \"containers\" already set in map", duplicate);
    }

    private static string[] Verdicts(string path, ValidationOptions options)
    {
        var layer = new SchemaLayer(options);
        return new ResourceReader(options.Strict).Read([path])
            .Select(r => layer.Validate(r).Select(f => f.Status).DefaultIfEmpty(ResourceStatus.Valid).Max())
            .Select(s => s.ToString().ToLowerInvariant())
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    private static string[] Expand(string expected) =>
        expected.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(e => e.Split('*') is [var status, var count] ? Enumerable.Repeat(status, int.Parse(count)) : [e])
            .Order(StringComparer.Ordinal)
            .ToArray();
}
