using System.Text.RegularExpressions;
using KanikoImages.Tests.Guard;
using KanikoImages.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace KanikoImages.Tests.Publishing;

/// <summary>The GitHub Actions workflows shipped for repositories that use this: valid YAML with the parts that matter.</summary>
public sealed partial class WorkflowTests
{
    /// <summary>The workflow linter .ci/run installs from npm (@action-validator/cli).</summary>
    private const string Linter = "action-validator";

    private static readonly string Folder = Path.Combine(Paths.RepositoryRoot, ".github", "workflows");

    public static TheoryData<string> Files() => new(Directory.EnumerateFiles(Folder, "*.yml").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_workflow_parses_and_checks_out_full_history(string file)
    {
        var workflow = Load(file);

        var checkouts = Steps(workflow).Where(step => Scalar(step, "uses")?.StartsWith("actions/checkout@", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(checkouts);
        Assert.All(checkouts, step => Assert.Equal("0", Scalar(Node(step, "with"), "fetch-depth")));
    }

    [Fact]
    public void Pull_requests_run_validate()
    {
        var workflow = Load("validate.yml");

        Assert.NotNull(Node(workflow, "on", "pull_request"));
        Assert.Null(Node(workflow, "on", "push"));
        Assert.Contains(
            "./build.sh Validate --exclusive --kubeconform-download --require-kubeconform --junit reports/validate.xml", Commands(workflow));
        Assert.Equal("read", Scalar(Node(workflow, "permissions"), "contents"));

        // The JUnit report is uploaded even when Validate failed (that is when it matters), not when cancelled.
        var upload = Assert.Single(Steps(workflow), step => Scalar(step, "uses")?.StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true);
        Assert.Equal("reports/validate.xml", Scalar(Node(upload, "with"), "path"));
        Assert.Equal("${{ !cancelled() }}", Scalar(upload, "if"));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_job_has_a_timeout_and_restores_NuGet_from_a_cache_keyed_on_the_package_files(string file)
    {
        var workflow = Load(file);

        foreach (var (name, job) in Assert.IsType<YamlMappingNode>(Node(workflow, "jobs")).Children)
        {
            Assert.True(int.TryParse(Scalar(job, "timeout-minutes"), out var minutes) && minutes is > 0 and <= 30, $"{file}: job {name} has no timeout-minutes");
        }

        var cache = Assert.Single(Steps(workflow), step => Scalar(step, "uses")?.StartsWith("actions/cache@", StringComparison.Ordinal) == true);
        Assert.Equal("~/.nuget/packages", Scalar(Node(cache, "with"), "path"));
        var key = Scalar(Node(cache, "with"), "key")!;
        Assert.All(["global.json", "Directory.Packages.props", "**/*.csproj"], part => Assert.Contains($"'{part}'", key));
        Assert.StartsWith("nuget-${{ runner.os }}-${{ hashFiles(", key);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_action_is_pinned_by_commit_sha_with_its_tag_in_a_comment(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, file)).Where(l => l.TrimStart().StartsWith("- uses:", StringComparison.Ordinal) || l.TrimStart().StartsWith("uses:", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Matches(PinnedAction(), line));
    }

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public void Every_workflow_passes_the_workflow_linter(string file)
    {
        RequireLinter();

        var result = ProcessResult.Run(Linter, [Path.Combine(Folder, file)]);

        Assert.True(result.ExitCode == 0, $"{file}:\n{result.Output}");
    }

    [SkippableFact]
    public void The_linter_rejects_a_broken_workflow()
    {
        RequireLinter();
        using var temp = new TempDirectory();
        var broken = Path.Combine(temp.Path, "broken.yml");
        File.WriteAllText(broken, File.ReadAllText(Path.Combine(Folder, "validate.yml")).Replace("timeout-minutes: 15", "timeout-minutes: soon"));

        var result = ProcessResult.Run(Linter, [broken]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("timeout-minutes", result.Output);
    }

    [Fact]
    public void Pushes_to_main_publish_with_write_permission_one_at_a_time()
    {
        var workflow = Load("publish.yml");

        var branches = Assert.IsType<YamlSequenceNode>(Node(workflow, "on", "push", "branches"));
        Assert.Equal(["main"], branches.Children.Select(b => ((YamlScalarNode)b).Value));
        Assert.Null(Node(workflow, "on", "pull_request"));
        Assert.Equal("write", Scalar(Node(workflow, "permissions"), "contents"));
        Assert.Contains("${{ github.ref }}", Scalar(Node(workflow, "concurrency"), "group"));
        Assert.Equal("false", Scalar(Node(workflow, "concurrency"), "cancel-in-progress"));
        Assert.Contains("./build.sh Publish", Commands(workflow));
    }

    /// <summary>Skips the calling test where the linter is not installed, except in CI (CI=true), which must lint.</summary>
    private static void RequireLinter()
    {
        if (GuardTools.Find(Linter) is not null)
        {
            return;
        }

        const string missing = $"{Linter} is not on PATH (.ci/run installs it: npm install -g @action-validator/cli)";
        Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "CI must lint the workflows, but " + missing);
        throw new SkipException(missing);
    }

    /// <summary>uses: owner/repo@&lt;40 hex&gt; # vMAJOR.MINOR.PATCH</summary>
    [GeneratedRegex(@"^\s*(- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")]
    private static partial Regex PinnedAction();

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = File.OpenText(Path.Combine(Folder, file));
        stream.Load(reader);
        return Assert.IsType<YamlMappingNode>(Assert.Single(stream.Documents).RootNode);
    }

    private static IEnumerable<YamlMappingNode> Steps(YamlMappingNode workflow) =>
        Assert.IsType<YamlMappingNode>(Node(workflow, "jobs")).Children.Values
            .SelectMany(job => Assert.IsType<YamlSequenceNode>(Node(job, "steps")).Children.Cast<YamlMappingNode>());

    private static List<string?> Commands(YamlMappingNode workflow) => Steps(workflow).Select(step => Scalar(step, "run")).ToList();

    private static YamlNode? Node(YamlNode? node, params string[] path) =>
        path.Aggregate(node, (current, key) =>
            current is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null);

    private static string? Scalar(YamlNode? node, string key) => (Node(node, key) as YamlScalarNode)?.Value;
}
