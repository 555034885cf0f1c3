using KanikoImages.Manifests.Output;
using KanikoImages.Publishing;

namespace KanikoImages.Tests.Publishing;

/// <summary>The manifest commit's message, from comparing the committed and the new deploy/manifest.yaml.</summary>
public sealed class CommitMessageTests
{
    private const string Before = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: shared
          labels: {kaniko-k8s-images/image: alpha}
        ---
        kind: Job
        metadata:
          name: build-alpha-111111111111
          labels: {kaniko-k8s-images/image: alpha}
          annotations: {kaniko-k8s-images/content-hash: "1111"}
        ---
        kind: Job
        metadata:
          name: build-beta-222222222222
          labels: {kaniko-k8s-images/image: beta}
          annotations: {kaniko-k8s-images/content-hash: "2222"}
        ---
        kind: Job
        metadata:
          name: build-gamma-333333333333
          labels: {kaniko-k8s-images/image: gamma}
          annotations: {kaniko-k8s-images/content-hash: "3333"}
          # same hash, other spec: still a changed Job
        spec: {backoffLimit: 2}
        """;

    private const string After = """
        kind: Job
        metadata:
          name: build-beta-999999999999
          labels: {kaniko-k8s-images/image: beta}
          annotations: {kaniko-k8s-images/content-hash: "9999"}
        ---
        kind: Job
        metadata:
          labels: {kaniko-k8s-images/image: delta}
          annotations: {kaniko-k8s-images/content-hash: "4444"}
          name: build-delta-444444444444
        ---
        kind: Job
        metadata:
          name: build-gamma-333333333333
          labels: {kaniko-k8s-images/image: gamma}
          annotations: {kaniko-k8s-images/content-hash: "3333"}
        spec: {backoffLimit: 3}
        """;

    [Fact]
    public void Jobs_are_matched_by_image_label_and_compared_by_content()
    {
        var message = CommitMessage.For(Changes(Before, After));

        Assert.Equal(
            "Publish deploy/: added delta; rebuilt beta; template changed gamma; removed alpha [skip ci]\n\nAdded: delta\nRebuilt: beta\nTemplate changed: gamma\nRemoved: alpha\n",
            message);
    }

    [Fact]
    public void A_first_manifest_adds_every_image_and_reordered_documents_change_nothing()
    {
        var documents = After.Split("---\n");
        var reordered = string.Join("---\n", documents.Reverse().Select(d => d.EndsWith('\n') ? d : d + "\n"));

        Assert.Equal("Publish deploy/: added beta, delta, gamma [skip ci]\n\nAdded: beta, delta, gamma\n", CommitMessage.For(Changes(null, After)));
        Assert.Empty(Changes(After + "\n", reordered));
        Assert.Equal("Publish deploy/: shared resources only [skip ci]", CommitMessage.For(Changes(After + "\n", reordered)));
    }

    [Fact]
    public void Many_images_are_counted_in_the_subject_and_named_in_the_body()
    {
        var changes = new[] { "a", "b", "c", "d" }.Select(i => new JobChange(i, JobChangeKind.Added, null, i + "-1"))
            .Append(new JobChange("e", JobChangeKind.Rebuilt, "e-1", "e-2"))
            .Append(new JobChange("f", JobChangeKind.TemplateChanged, "f-1", "f-1"))
            .ToList();

        var message = CommitMessage.For(changes);

        Assert.StartsWith("Publish deploy/: 4 added, 1 rebuilt, 1 template changed images [skip ci]\n\nAdded: a, b, c, d\nRebuilt: e\nTemplate changed: f\n", message);
    }

    [Fact]
    public void A_committed_document_that_does_not_parse_counts_as_absent_and_does_not_block_publishing()
    {
        var broken = Before.Replace("name: build-beta-222222222222", "name: [build-beta");

        Assert.Equal(
            [("alpha", JobChangeKind.Removed), ("beta", JobChangeKind.Added), ("delta", JobChangeKind.Added), ("gamma", JobChangeKind.TemplateChanged)],
            Changes(broken, After).Select(c => (c.Image, c.Kind)));
    }

    private static IReadOnlyList<JobChange> Changes(string? before, string after) =>
        JobChanges.Compare(before is null ? null : new StringReader(before), new StringReader(after));

    [Theory]
    [InlineData("fatal: Authentication failed for 'https://bot:ghp_secret@github.com/org/repo.git/'", "fatal: Authentication failed for 'https://***@github.com/org/repo.git/'")]
    [InlineData("ssh://git@host:22/repo.git and https://x-access-token:t@h/r", "ssh://***@host:22/repo.git and https://***@h/r")]
    [InlineData("/srv/git/repo.git", "/srv/git/repo.git")]
    [InlineData("unable to access 'https://h.test/r.git?access_token=tok123&x=1': 403", "unable to access 'https://h.test/r.git?***': 403")]
    [InlineData("https://u:p@h.test/r.git#token=abc done", "https://***@h.test/r.git#*** done")]
    [InlineData("(https://h.test/a/b?t=1)", "(https://h.test/a/b?***)")]
    public void Credentials_in_urls_are_redacted(string text, string redacted) =>
        Assert.Equal(redacted, GitText.Redact(text));
}
