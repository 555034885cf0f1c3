using KanikoImages.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace KanikoImages.Tests.Publishing;

/// <summary>The GitHub Actions workflows shipped for repositories that use this: valid YAML with the parts that matter.</summary>
public sealed class WorkflowTests
{
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
        Assert.Contains("./build.sh Validate --exclusive", Commands(workflow));
        Assert.Equal("read", Scalar(Node(workflow, "permissions"), "contents"));
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
