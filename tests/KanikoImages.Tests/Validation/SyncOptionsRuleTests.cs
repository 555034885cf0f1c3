using System.Text.RegularExpressions;
using KanikoImages.Manifests;
using KanikoImages.Manifests.Argo;
using KanikoImages.Manifests.Resources;
using KanikoImages.Validation;
using KanikoImages.Validation.Resources;
using KanikoImages.Validation.Rules;

namespace KanikoImages.Tests.Validation;

/// <summary>A hand-edited deploy/ cannot drop the Argo CD sync options the build depends on.</summary>
public sealed class SyncOptionsRuleTests
{
    private static readonly KanikoImages.Images.ImageCatalog Catalog = KanikoManifest.Catalog("python-app", "go-tool");

    [Fact]
    public void Generated_Jobs_and_Application_pass()
    {
        Assert.Empty(Check(KanikoManifest.Yaml(Catalog)));
        Assert.Empty(Check(KanikoManifest.Application()));
    }

    [Theory]
    [InlineData("Replace=true", "Force=true")]
    [InlineData("Force=true", "Replace=true")]
    [InlineData("Force=false,Replace=true", "Force=true")]
    public void A_Job_without_Force_and_Replace_is_invalid_at_its_annotation(string options, string missing)
    {
        var yaml = KanikoManifest.Yaml(Catalog).Replace($"sync-options: {JobBuilder.JobSyncOptions}", $"sync-options: {options}");

        var findings = Check(yaml);

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f =>
        {
            Assert.Equal("Job", f.Kind);
            Assert.Equal(ResourceStatus.Invalid, f.Status);
            Assert.Equal("/metadata/annotations/argocd.argoproj.io~1sync-options", f.Path);
            Assert.Contains($"missing {missing}", f.Message);
        });
    }

    [Fact]
    public void A_Job_without_the_annotation_is_invalid_and_spaces_after_commas_are_fine()
    {
        var name = KanikoManifest.JobName(Catalog.Images[0]);
        var without = Check(KanikoManifest.Yaml(Catalog).Replace($"argocd.argoproj.io/sync-options: {JobBuilder.JobSyncOptions}", "other: x"));
        var spaced = Check(KanikoManifest.Yaml(Catalog).Replace($"sync-options: {JobBuilder.JobSyncOptions}", "sync-options: ' Replace=true ,  Force=true '"));

        Assert.Contains(without, f => f.Name == name && f.Message.Contains("missing Force=true, Replace=true"));
        Assert.Empty(spaced);
    }

    [Fact]
    public void An_Application_without_ApplyOutOfSyncOnly_or_CreateNamespace_is_invalid()
    {
        var findings = Check(KanikoManifest.Application()
            .Replace("- ApplyOutOfSyncOnly=true", "- Validate=true")
            .Replace("- CreateNamespace=true", "- PruneLast=true"));

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal("/spec/syncPolicy/syncOptions", f.Path));
        Assert.Contains(findings, f => f.Message.Contains($"'{ApplicationBuilder.ApplyOutOfSyncOnly}'") && f.Message.Contains("re-creates every Job"));
        Assert.Contains(findings, f => f.Message.Contains($"'{ApplicationBuilder.CreateNamespace}'"));
    }

    [Fact]
    public void An_Application_wide_Replace_is_invalid()
    {
        var finding = Assert.Single(Check(Regex.Replace(
            KanikoManifest.Application(), @"(?m)^(\s*)- ApplyOutOfSyncOnly=true$", "$1- ApplyOutOfSyncOnly=true\n$1- Replace=true")));

        Assert.Contains("must not have the sync option 'Replace=true'", finding.Message);
    }

    [Fact]
    public void The_shipped_deploy_folder_passes()
    {
        var files = new[] { ManifestConventions.ManifestPath, ManifestConventions.ApplicationPath }
            .Select(f => File.ReadAllText(Path.Combine(Support.Paths.RepositoryRoot, f)));

        Assert.Empty(files.SelectMany(Check));
    }

    private static List<Finding> Check(string yaml) =>
        new ResourceReader(strict: true).ReadText("m.yaml", yaml).Where(r => r.Readable).SelectMany(new SyncOptionsRule().Check).ToList();
}
