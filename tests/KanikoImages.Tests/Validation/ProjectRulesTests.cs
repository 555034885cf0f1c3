using KanikoImages.Images;
using KanikoImages.Manifests;
using KanikoImages.Validation;
using KanikoImages.Validation.Resources;
using KanikoImages.Validation.Rules;

namespace KanikoImages.Tests.Validation;

/// <summary>The rules no schema expresses, on parsed resources and a catalog built in the test.</summary>
public sealed class ProjectRulesTests
{
    private static readonly ImageCatalog Catalog = KanikoManifest.Catalog("python-app", "go-tool");

    [Fact]
    public void A_generated_manifest_breaks_no_rule()
    {
        Assert.Empty(Check(KanikoManifest.Yaml(Catalog)));
    }

    [Fact]
    public void A_missing_ConfigMap_or_ServiceAccount_is_named_with_the_reference_path()
    {
        var yaml = KanikoManifest.Yaml(Catalog)
            .Replace("\n  name: context-go-tool", "\n  name: renamed-go-tool")
            .Replace("\n  name: kaniko-builder", "\n  name: someone-else");

        var findings = Check(yaml, new ReferencesRule());

        Assert.Contains(findings, f => f.Name == KanikoManifest.JobName(Catalog.Images[1]) &&
            f.Path == "/spec/template/spec/volumes/0/configMap/name" && f.Message.StartsWith("ConfigMap \"context-go-tool-"));
        Assert.Equal(2, findings.Count(f => f.Path == "/spec/template/spec/serviceAccountName" && f.Message.StartsWith("ServiceAccount \"kaniko-builder\"")));
    }

    [Fact]
    public void Secrets_are_external_when_configured_and_optional_references_need_nothing()
    {
        const string job = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: j, namespace: kaniko-builds}
            spec:
              template:
                spec:
                  restartPolicy: Never
                  imagePullSecrets: [{name: pull-secret}]
                  containers:
                  - name: c
                    image: busybox
                    envFrom: [{secretRef: {name: optional-secret, optional: true}}, {configMapRef: {name: shared-settings}}]
                    env: [{name: TOKEN, valueFrom: {secretKeyRef: {name: git-token, key: token}}}]
                  volumes: [{name: docker, secret: {secretName: registry-credentials}}]
            """;
        var bare = KanikoManifest.Catalog();
        var configured = bare with
        {
            Settings = bare.Settings with
            {
                Git = new KanikoImages.Images.GitSettings { CredentialsSecret = "git-token" },
                External = new ExternalResources { Secrets = ["pull-secret"], ConfigMaps = ["shared-settings"] },
            },
        };

        var missing = Check(job, new ReferencesRule(), bare).Select(f => f.Message.Split(" is ")[0]).Order();
        var none = Check(job, new ReferencesRule(), configured);

        Assert.Equal(["ConfigMap \"shared-settings\"", "Secret \"git-token\"", "Secret \"pull-secret\""], missing);
        Assert.Empty(none);
    }

    [Theory]
    [InlineData("name: Build_App", "/metadata/name", "is not a DNS-1123 subdomain")]
    [InlineData("name: build-app-with-a-name-that-is-far-too-long-for-the-job-name-label-x", "/metadata/name", "at most 63 are allowed")]
    [InlineData("name: kaniko", "/spec/template/spec/containers/0/name", "is not a DNS-1123 label")]
    [InlineData("team: platform", "/metadata/labels/team", "label value")]
    public void Names_that_the_API_server_rejects_are_findings(string replace, string path, string message)
    {
        var job = $$"""
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: build-app
              labels: {team: platform}
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: kaniko, image: busybox}]
            """;
        var broken = replace switch
        {
            "name: kaniko" => job.Replace("name: kaniko", "name: Kaniko_Executor"),
            "team: platform" => job.Replace("team: platform", "team: \"not ok!\""),
            _ => job.Replace("name: build-app", replace),
        };

        Assert.Empty(Check(job, new NamesRule()));
        var finding = Assert.Single(Check(broken, new NamesRule()), f => f.Path == path);
        Assert.Contains(message, finding.Message);
    }

    [Fact]
    public void Two_resources_of_a_kind_with_one_namespace_and_name_are_a_finding()
    {
        var yaml = KanikoManifest.Yaml(Catalog) + "---\n" + KanikoManifest.Yaml(KanikoManifest.Catalog("go-tool")).Split("---\n", 2)[1];

        var findings = Check(yaml, new UniqueNamesRule());

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Contains("duplicate", f.Message));
        Assert.Contains(findings, f => f.Kind == "Job" && f.Message.Contains("also at m.yaml (document 5)"));
    }

    [Fact]
    public void Every_image_has_exactly_one_Job()
    {
        var withExtraImage = Catalog with { Images = [.. Catalog.Images, KanikoManifest.Image("new-image")] };
        var withoutImage = Catalog with { Images = [Catalog.Images[0]] };
        var yaml = KanikoManifest.Yaml(Catalog);

        var missingJob = Check(yaml, new OneJobPerImageRule(), withExtraImage);
        var strayJob = Check(yaml, new OneJobPerImageRule(), withoutImage);

        Assert.Equal("image new-image (images/new-image) has no build Job: " + ContentHashRule.OutOfDate, Assert.Single(missingJob).Message);
        Assert.Equal(ManifestConventions.ManifestPath, missingJob[0].File);
        Assert.Contains("builds image go-tool, which is not in images/", Assert.Single(strayJob).Message);
    }

    [Fact]
    public void A_Job_whose_hash_differs_from_images_says_the_manifest_is_out_of_date()
    {
        var changed = Catalog with
        {
            Images = [Catalog.Images[0], Catalog.Images[1] with { Hash = new ContentHash(new string('a', 64)) }],
        };

        var finding = Assert.Single(Check(KanikoManifest.Yaml(Catalog), new ContentHashRule(), changed));

        Assert.StartsWith("deploy/manifest.yaml is out of date: run ./build.sh GenerateManifests", finding.Message);
        Assert.Equal(KanikoManifest.JobName(Catalog.Images[1]), finding.Name);
        Assert.Equal("/metadata/annotations/kaniko-k8s-images~1content-hash", finding.Path);
    }

    private static List<Finding> Check(string yaml, IManifestRule? rule = null, ImageCatalog? catalog = null)
    {
        var resources = new ResourceReader(strict: true).ReadText("m.yaml", yaml).Where(r => r.Readable).ToList();
        var inputs = new RuleInputs(resources.Select(ResourceFacts.Of).ToList(), catalog ?? Catalog);
        return rule is null
            ? [.. resources.SelectMany(ProjectRules.Check), .. ProjectRules.Check(inputs)]
            : [.. rule.Check(inputs)];
    }

    private static List<Finding> Check(string yaml, IResourceRule rule) =>
        new ResourceReader(strict: true).ReadText("m.yaml", yaml).Where(r => r.Readable).SelectMany(rule.Check).ToList();
}
