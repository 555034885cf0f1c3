using KanikoImages.Manifests;
using KanikoImages.Tests.Support;
using static KanikoImages.Tests.Publishing.GitRemote;

namespace KanikoImages.Tests.Publishing;

/// <summary>
/// The gate proves deploy/ is generated, not just valid: Validate --exclusive and Publish --exclusive (the real
/// Build.dll on a clone of a real bare remote) refuse a deploy/ that GenerateManifests would not write.
/// </summary>
public sealed class GeneratedDeployGateTests : IDisposable
{
    private readonly GitRemote _remote = new();
    private readonly string _clone;

    public GeneratedDeployGateTests()
    {
        _clone = _remote.Clone();
        File.WriteAllText(
            Path.Combine(_clone, "images.yaml"),
            $"registry: registry.example.test/team\ngit:\n  url: https://git.example.test/team/images.git\n  branch: main\n");
        Git(_clone, "add", "images.yaml");
        MergeImage(_clone, "alpha", "FROM busybox:1.37\n");
        var result = BuildRunner.Run("GenerateManifests", "--working", _clone);
        Assert.True(result.ExitCode == 0, result.Output);
    }

    public void Dispose() => _remote.Dispose();

    private string Manifest => Path.Combine(_clone, ManifestConventions.ManifestPath);

    private string Application => Path.Combine(_clone, ManifestConventions.ApplicationPath);

    [Fact]
    public void Generated_deploy_passes()
    {
        var result = BuildRunner.Run("Validate", "--exclusive", "--working", _clone);

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public void A_Job_pushing_to_another_registry_is_refused_naming_the_field()
    {
        var text = File.ReadAllText(Manifest);
        Assert.Contains("--destination=registry.example.test/team/alpha", text);
        File.WriteAllText(Manifest, text.Replace("--destination=registry.example.test/team/alpha", "--destination=evil.example.test/alpha"));

        AssertRefused(@"deploy/manifest\.yaml differs from what GenerateManifests produces: Job/alpha-[0-9a-f]{12} spec\.template\.spec\.containers\[\d+\]\.args\[\d+\]");
    }

    [Fact]
    public void A_Job_with_another_executor_image_is_refused()
    {
        var text = File.ReadAllText(Manifest);
        var executor = System.Text.RegularExpressions.Regex.Match(text, @"image: (\S*/kaniko:\S*)").Groups[1].Value;
        Assert.NotEmpty(executor);
        File.WriteAllText(Manifest, text.Replace(executor, "evil.example.test/executor:latest"));

        AssertRefused(@"Job/alpha-[0-9a-f]{12} spec\.template\.spec\.containers\[\d+\]\.image");
    }

    [Theory]
    [InlineData("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: pwn\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n- kind: ServiceAccount\n  name: kaniko-builder\n  namespace: kaniko-builds\n", "ClusterRoleBinding")]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata:\n  name: leak\n  namespace: kaniko-builds\ndata:\n  token: c2VjcmV0\n", "Secret")]
    public void A_kind_the_generator_never_emits_is_refused(string document, string kind)
    {
        File.AppendAllText(Manifest, "---\n" + document);

        AssertRefused($"deploy/manifest.yaml: kind {kind} is never generated");
    }

    [Fact]
    public void An_Application_pointing_at_another_repository_is_refused()
    {
        var text = File.ReadAllText(Application);
        File.WriteAllText(Application, text
            .Replace("https://git.example.test/team/images.git", "https://git.example.test/attacker/other.git")
            .Replace("recurse: false", "recurse: true"));

        AssertRefused(@"deploy/argocd/application\.yaml differs from what GenerateManifests produces: Application/\S+ spec\.source\.repoURL");
    }

    [Fact]
    public void A_file_in_deploy_that_GenerateManifests_does_not_write_is_refused()
    {
        File.WriteAllText(Path.Combine(_clone, "deploy", "secret.yaml"), "apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n");

        AssertRefused(@"deploy/secret\.yaml: not written by GenerateManifests");
    }

    [Fact]
    public void A_Job_generated_before_its_image_was_committed_passes_the_pull_request_check()
    {
        // The pull-request flow: change an image, run GenerateManifests (the Job is not pinned to a commit yet),
        // commit both. The check regenerates from that commit (pinned to it) and accepts the unpinned Job.
        WriteImage(_clone, "beta", "FROM alpine:3.21\n");
        var generate = BuildRunner.Run("GenerateManifests", "--working", _clone);
        Assert.True(generate.ExitCode == 0, generate.Output);
        Git(_clone, "add", "--all");
        Git(_clone, "commit", "--quiet", "-m", "Change image beta with its deploy/");

        var result = BuildRunner.Run("Validate", "--exclusive", "--working", _clone);

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public void A_Job_pinned_to_a_commit_with_other_sources_is_refused()
    {
        var text = File.ReadAllText(Manifest);
        var seed = Git(_clone, "rev-list", "--max-parents=0", "HEAD");
        var pinned = System.Text.RegularExpressions.Regex.Replace(
            text, @"(?<=org\.opencontainers\.image\.revision=)[0-9a-f]{40}", seed);
        Assert.NotEqual(text, pinned);
        File.WriteAllText(Manifest, pinned);

        AssertRefused(@"Job/alpha-[0-9a-f]{12} spec\.template\.spec\.containers\[\d+\]\.args\[\d+\]");
    }

    [Fact]
    public void Jobs_pinned_to_one_later_commit_pass_where_their_sources_are_the_same_there_and_are_refused_where_not()
    {
        // A merged pull request leaves its Jobs pinned to a commit of its branch. Several Jobs share that commit (git
        // is asked about it once), and each is still held to its own sources.
        MergeImage(_clone, "beta", "FROM alpine:3.19\n");
        var between = Git(_clone, "rev-parse", "HEAD").Trim();
        MergeImage(_clone, "beta", "FROM alpine:3.21\n");
        var generate = BuildRunner.Run("GenerateManifests", "--working", _clone);
        Assert.True(generate.ExitCode == 0, generate.Output);
        var text = File.ReadAllText(Manifest);
        var alphaPin = Git(_clone, "log", "-1", "--format=%H", "--", "images/alpha").Trim();
        var betaPin = Git(_clone, "rev-parse", "HEAD").Trim();
        Assert.Contains(alphaPin, text);
        Assert.Contains(betaPin, text);

        File.WriteAllText(Manifest, text.Replace(alphaPin, between));
        var accepted = BuildRunner.Run("Validate", "--exclusive", "--working", _clone);
        Assert.True(accepted.ExitCode == 0, accepted.Output);

        File.WriteAllText(Manifest, text.Replace(alphaPin, between).Replace(betaPin, between));
        AssertRefused(@"Job/beta-[0-9a-f]{12} spec\.template\.spec\.containers\[\d+\]\.args\[\d+\]");
    }

    /// <summary>Validate --exclusive and Publish --exclusive both fail with <paramref name="pattern"/>; nothing is pushed.</summary>
    private void AssertRefused(string pattern)
    {
        var before = Git(_remote.Bare, "for-each-ref");

        var validate = BuildRunner.Run("Validate", "--exclusive", "--working", _clone);
        var publish = BuildRunner.Run("Publish", "--exclusive", "--working", _clone);

        Assert.NotEqual(0, validate.ExitCode);
        Assert.Matches(pattern, validate.Output);
        Assert.NotEqual(0, publish.ExitCode);
        Assert.Matches(pattern, publish.Output);
        Assert.Contains("nothing was published", publish.Output);
        Assert.Equal(before, Git(_remote.Bare, "for-each-ref"));
        Assert.DoesNotContain("   at ", validate.Output + publish.Output);
    }
}
