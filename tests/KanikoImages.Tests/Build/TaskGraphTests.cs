using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Build;

/// <summary>The build project's command line and task graph, run as the real process.</summary>
public sealed class TaskGraphTests : IDisposable
{
    private static readonly string[] Pipeline = ["HashImages", "GenerateManifests", "Validate"];
    private readonly TempDirectory _repo = new();

    public TaskGraphTests()
    {
        _repo.Write("images/hello/Dockerfile", "FROM busybox:1.36\nCMD [\"echo\", \"hello\"]\n");
        _repo.Write("images.yaml", "registry: registry.example.com/test\n");
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Tree_lists_every_task_under_its_target()
    {
        var result = BuildRunner.Run("--tree");

        Assert.Equal(0, result.ExitCode);
        foreach (var task in Pipeline.Append("Publish").Append("Default"))
        {
            Assert.Contains(task, result.StandardOutput);
        }
    }

    [Fact]
    public void Description_lists_each_task_with_its_description()
    {
        var result = BuildRunner.Run("--description");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("GenerateManifests", result.StandardOutput);
        Assert.Contains("one kaniko build", result.StandardOutput);
    }

    [Theory]
    [InlineData("positional")]
    [InlineData("--target")]
    [InlineData("-t")]
    public void Target_runs_the_task_and_its_dependencies_only(string style)
    {
        string[] target = style == "positional" ? ["GenerateManifests"] : [style, "GenerateManifests"];

        var result = BuildRunner.Run([.. target, "--working", _repo.Path, "--dryrun"], null);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["HashImages", "GenerateManifests"], BuildRunner.ExecutedTasks(result));
    }

    [Fact]
    public void Dependencies_run_first_in_graph_order()
    {
        var result = BuildRunner.Run("Validate", "--working", _repo.Path, "--dryrun");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Pipeline, BuildRunner.ExecutedTasks(result));
    }

    [Fact]
    public void Exclusive_runs_the_target_without_its_dependencies()
    {
        var result = BuildRunner.Run("GenerateManifests", "--exclusive", "--working", _repo.Path, "--dryrun");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["GenerateManifests"], BuildRunner.ExecutedTasks(result));
    }

    [Fact]
    public void Unknown_target_fails_and_names_the_valid_targets()
    {
        var result = BuildRunner.Run("NoSuchTask");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("'NoSuchTask' does not exist", result.Output);
        Assert.Contains("Default, GenerateManifests, HashImages, Publish, Status, Validate", result.Output);
    }

    [Fact]
    public void A_failing_task_exits_non_zero_and_the_report_names_it()
    {
        using var empty = new TempDirectory();

        var result = BuildRunner.Run("GenerateManifests", "--working", empty.Path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Matches(@"HashImages\s+\S+\s+Failed", result.Output);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(result.Output, @"Total:"));
        Assert.Contains("images/: not found", result.Output);
        Assert.DoesNotContain("GenerateManifests  ", result.StandardOutput);
    }

    [Fact]
    public void Working_points_every_path_at_the_given_repository()
    {
        var result = BuildRunner.Run("HashImages", "--working", _repo.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(_repo.Path, result.StandardOutput);
        Assert.Matches(@"\nhello\s+latest\s+[0-9a-f]{12}\s+1\n", result.StandardOutput);
    }

    [Fact]
    public void Dryrun_through_the_whole_graph_changes_no_file()
    {
        var before = _repo.Snapshot();

        var result = BuildRunner.Run("Default", "--working", _repo.Path, "--dryrun");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["HashImages", "GenerateManifests", "Validate", "Default"], BuildRunner.ExecutedTasks(result));
        Assert.Equal(before, _repo.Snapshot());
    }

    [Fact]
    public void Unknown_option_and_bad_verbosity_are_clear_errors()
    {
        var unknown = BuildRunner.Run("-x");
        var verbosity = BuildRunner.Run("--verbosity", "loud");

        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("unknown option '-x'", unknown.Output);
        Assert.NotEqual(0, verbosity.ExitCode);
        Assert.Contains("unknown verbosity 'loud'", verbosity.Output);
    }

    [Fact]
    public void Missing_working_directory_is_a_clear_error()
    {
        var result = BuildRunner.Run("HashImages", "--working", Path.Combine(_repo.Path, "nope"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("does not exist", result.Output);
    }
}
