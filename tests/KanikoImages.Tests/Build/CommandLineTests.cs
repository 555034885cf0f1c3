using System.Text.Json;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Build;

/// <summary>The host's command line as a person types it, run as the real process: nothing is ignored or guessed.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TempDirectory _repo = new();

    public CommandLineTests()
    {
        _repo.Write("images/hello/Dockerfile", "FROM busybox:1.36\nCMD [\"echo\", \"hello\"]\n");
        _repo.Write("images.yaml", "registry: registry.example.com/test\n");
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Misspelled_options_are_errors_naming_the_closest_one_and_nothing_runs()
    {
        var before = _repo.Snapshot();

        var result = Run("GenerateManifests", "--registy=foo.io/x", "--junti", "x.xml", "--kubeconform-pth", "/x", "--dryrn");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unknown option '--registy'; did you mean '--registry'?", result.StandardError);
        Assert.Contains("unknown option '--junti'; did you mean '--junit'?", result.StandardError);
        Assert.Contains("unknown option '--kubeconform-pth'; did you mean '--kubeconform-path'?", result.StandardError);
        Assert.Contains("unknown option '--dryrn'; did you mean '--dryrun'?", result.StandardError);
        Assert.Empty(BuildRunner.ExecutedTasks(result));
        Assert.DoesNotContain("HashImages", result.Output);
        Assert.Equal(before, _repo.Snapshot());
    }

    [Fact]
    public void Option_names_are_matched_case_insensitively_as_cake_does()
    {
        var result = Run("--Target=HashImages", "--DryRun", "--Registry=other.example.com/team");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(["HashImages"], BuildRunner.ExecutedTasks(result));
        Assert.Contains("registry other.example.com/team", result.StandardOutput);
    }

    [Theory]
    [InlineData("--dryrun=maybe", "--dryrun=maybe: a flag is true or false; write --dryrun or --dryrun=false.")]
    [InlineData("--strict=no", "--strict=no: a flag is true or false; write --strict or --strict=false.")]
    public void Flags_take_true_or_false_only(string option, string error)
    {
        var result = Run("Validate", option);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(error, result.StandardError);
        Assert.Empty(BuildRunner.ExecutedTasks(result));
    }

    [Fact]
    public void A_flag_does_not_take_the_next_word_as_its_value()
    {
        var result = Run("HashImages", "--dryrun", "false");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unexpected argument 'false' after --dryrun: a flag takes no separate value; write --dryrun=true or --dryrun=false.", result.StandardError);
    }

    [Fact]
    public void Dryrun_false_is_a_real_run()
    {
        var result = Run("GenerateManifests", "--dryrun=false");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.True(File.Exists(Path.Combine(_repo.Path, "deploy", "manifest.yaml")));
    }

    [Fact]
    public void An_option_no_task_of_the_run_reads_is_an_error()
    {
        var status = Run("Status", "--junit", "x.xml");
        var exclusive = Run("Publish", "--exclusive", "--junit=x.xml");
        var json = Run("GenerateManifests", "--json");

        Assert.Equal(1, status.ExitCode);
        Assert.Contains("--junit is not read by Status or the tasks it runs; it is read by Validate.", status.StandardError);
        Assert.Equal(1, exclusive.ExitCode);
        Assert.Contains("--junit is not read by Publish; it is read by Validate.", exclusive.StandardError);
        Assert.Equal(1, json.ExitCode);
        Assert.Contains("--json is not read by GenerateManifests; it is read by HashImages, Status, Validate.", json.StandardError);
    }

    [Fact]
    public void A_misspelled_target_gets_the_closest_task()
    {
        var result = Run("Valdate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("The target 'Valdate' does not exist; did you mean 'Validate'?", result.StandardError);
    }

    [Fact]
    public void Without_arguments_the_default_target_runs()
    {
        var result = Run("--dryrun");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(["HashImages", "GenerateManifests", "Validate", "Default"], BuildRunner.ExecutedTasks(result));
    }

    [Fact]
    public void Dotnet_run_without_arguments_runs_Default()
    {
        // dotnet run starts the first launch profile; its arguments must be none, so the host runs Default.
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(Paths.RepositoryRoot, "build", "Properties", "launchSettings.json")));
        var profiles = settings.RootElement.GetProperty("profiles").EnumerateObject().ToList();

        Assert.False(profiles[0].Value.TryGetProperty("commandLineArgs", out _), profiles[0].Name);
        foreach (var profile in profiles.Skip(1))
        {
            var arguments = profile.Value.GetProperty("commandLineArgs").GetString()!.Split(' ');
            var result = BuildRunner.Run([.. arguments, "--help"], null);
            Assert.True(result.ExitCode == 0, profile.Name + ": " + result.Output);
        }
    }

    [Fact]
    public void Every_bad_value_is_reported_together_before_any_task_runs()
    {
        var result = Run(
            "Validate", "--kubeconform-path=/nope", "--defaults-timeout=99999999999h", "--namespace=Not_A_Name", "--output=yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--output: unknown format 'yaml'; use text or json.", result.StandardError);
        var context = Run("Validate", "--kubeconform-path=/nope", "--defaults-timeout=99999999999h", "--namespace=Not_A_Name");
        Assert.Equal(1, context.ExitCode);
        Assert.Contains("--kubeconform-path: '/nope' is not a file (/nope).", context.StandardError);
        Assert.Contains("--defaults-timeout: 'defaults.timeout' '99999999999h' is too long; at most 576h", context.StandardError);
        Assert.Contains("--namespace: 'namespace' 'Not_A_Name' is not a valid Kubernetes name", context.StandardError);
        Assert.DoesNotContain("Value was either too large", context.Output);
        Assert.DoesNotContain("   at ", context.Output);
        Assert.Empty(BuildRunner.ExecutedTasks(context));
    }

    [Fact]
    public void Status_timeout_that_overflows_names_the_option()
    {
        var result = Run("Status", "--timeout", "99999999999h");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--timeout: '99999999999h' is too long; at most 576h.", result.StandardError);
    }

    [Fact]
    public void A_user_error_is_its_message_alone_and_exits_1()
    {
        using var empty = new TempDirectory();

        var result = BuildRunner.Run("HashImages", "--working", empty.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Error: images.yaml: 'registry' is not set", result.Output);
        Assert.DoesNotContain("   at ", result.Output);
        Assert.DoesNotContain("bug", result.Output);
    }

    [Theory]
    [InlineData("HashImages", "--json")]
    [InlineData("HashImages", "--output=json")]
    [InlineData("Validate", "--output", "json")]
    [InlineData("Validate", "--json")]
    public void Json_output_is_one_document_on_stdout(params string[] arguments)
    {
        var result = Run(arguments);

        Assert.True(result.ExitCode == 0, result.Output);
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
        Assert.DoesNotContain("\u001b[", result.StandardOutput);
    }

    [Fact]
    public void Child_processes_get_the_users_environment_not_the_hosts_colour_decision()
    {
        // A git on PATH that records its environment: the host decides colour for its own console only.
        using var bin = new TempDirectory();
        var dump = Path.Combine(bin.Path, "environment");
        var realGit = ProcessResult.Run("sh", ["-c", "command -v git"]).StandardOutput.Trim();
        var git = bin.Write("git", $"#!/bin/sh\nenv > '{dump}'\nexec '{realGit}' \"$@\"\n");
        File.SetUnixFileMode(git, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        ProcessResult.Run("git", ["init", "-q"], _repo.Path);

        var result = BuildRunner.Run(
            ["GenerateManifests", "--working", _repo.Path, "--dryrun"],
            new Dictionary<string, string?> { ["NO_COLOR"] = null, ["PATH"] = bin.Path + ":" + Environment.GetEnvironmentVariable("PATH") });

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.True(File.Exists(dump), "GenerateManifests ran no git: " + result.Output);
        Assert.DoesNotContain(File.ReadAllLines(dump), line => line.StartsWith("NO_COLOR=", StringComparison.Ordinal));
        Assert.DoesNotContain("\u001b[", result.StandardOutput);
    }

    private ProcessResult Run(params string[] arguments) => BuildRunner.Run([.. arguments, "--working", _repo.Path], null);
}
