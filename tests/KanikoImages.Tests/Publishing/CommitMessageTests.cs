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
        var changes = ManifestChanges.Between(Before, After, "deploy/manifest.yaml");

        Assert.Equal(["delta"], changes.Added);
        Assert.Equal(["beta", "gamma"], changes.Changed);
        Assert.Equal(["alpha"], changes.Removed);
        Assert.Equal(
            "Publish deploy/: added delta; changed beta, gamma; removed alpha [skip ci]\n\nAdded: delta\nChanged: beta, gamma\nRemoved: alpha\n",
            CommitMessage.For(changes));
    }

    [Fact]
    public void A_first_manifest_adds_every_image_and_reordered_keys_change_nothing()
    {
        var reordered = After.Replace(
            "  name: build-beta-999999999999\n  labels: {kaniko-k8s-images/image: beta}",
            "  labels: {kaniko-k8s-images/image: beta}\n  name: build-beta-999999999999");

        Assert.Equal(["beta", "delta", "gamma"], ManifestChanges.Between(null, After, "m").Added);
        Assert.False(ManifestChanges.Between(After, reordered, "m").Any);
        Assert.Equal("Publish deploy/: shared resources only [skip ci]", CommitMessage.For(ManifestChanges.Between(After, reordered, "m")));
    }

    [Fact]
    public void Many_images_are_counted_in_the_subject_and_named_in_the_body()
    {
        var changes = new ManifestChanges(["a", "b", "c", "d"], ["e", "f"], []);

        var message = CommitMessage.For(changes);

        Assert.StartsWith("Publish deploy/: 4 added, 2 changed images [skip ci]\n\nAdded: a, b, c, d\nChanged: e, f\n", message);
    }

    [Fact]
    public void An_unreadable_manifest_names_the_file()
    {
        var error = Assert.Throws<PublishException>(() => ManifestChanges.Between(null, "kind: Job\nmetadata: [", "deploy/manifest.yaml"));

        Assert.Matches(@"^deploy/manifest.yaml: not valid YAML at line \d+: ", error.Message);
    }

    [Theory]
    [InlineData("fatal: Authentication failed for 'https://bot:ghp_secret@github.com/org/repo.git/'", "fatal: Authentication failed for 'https://***@github.com/org/repo.git/'")]
    [InlineData("ssh://git@host:22/repo.git and https://x-access-token:t@h/r", "ssh://***@host:22/repo.git and https://***@h/r")]
    [InlineData("/srv/git/repo.git", "/srv/git/repo.git")]
    public void Credentials_in_urls_are_redacted(string text, string redacted) =>
        Assert.Equal(redacted, GitText.Redact(text));
}
