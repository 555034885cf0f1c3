using System.Text.RegularExpressions;
using KanikoImages.Images.Configuration;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Build;

/// <summary>--help is written from the declarations the parser uses; the documentation is checked against it.</summary>
public sealed class HelpTests
{
    private static readonly Lazy<string> Help = new(() =>
    {
        var result = BuildRunner.Run("--help");
        Assert.True(result.ExitCode == 0, result.Output);
        return result.StandardOutput;
    });

    [Fact]
    public void Help_lists_every_setting_of_the_configuration_table_with_both_forms()
    {
        var rows = Regex.Matches(File.ReadAllText(ConfigurationReference), @"^\| `([a-zA-Z.]+)` \| `(--[a-z-]+)` / `(KANIKO_[A-Z_]+)` \|", RegexOptions.Multiline);

        Assert.Equal(SettingKeys.All.Select(k => k.Path).Order(), rows.Select(r => r.Groups[1].Value).Distinct().Order());
        foreach (Match row in rows)
        {
            Assert.Matches($@"\n  {Regex.Escape(row.Groups[2].Value)}=VALUE +{row.Groups[3].Value} +images.yaml: {Regex.Escape(row.Groups[1].Value)}\n", Help.Value);
        }
    }

    [Fact]
    public void Help_lists_every_declared_setting()
    {
        foreach (var key in SettingKeys.All)
        {
            Assert.Contains($"--{key.CommandLine}=VALUE", Help.Value);
            Assert.Contains(key.Environment, Help.Value);
        }
    }

    [Fact]
    public void Help_lists_the_task_options_output_and_exit_codes()
    {
        foreach (var option in new[] { "--output=FORMAT", "--json", "--junit=FILE", "--kubeconform-path=FILE", "--schema-location=LOCATION",
                     "--strict", "--context=NAME", "--wait", "--timeout=DURATION", "--git-remote=NAME", "KANIKO_GIT_PUSH_ATTEMPTS" })
        {
            Assert.Contains(option, Help.Value);
        }

        Assert.Matches(@"\n  70 +a bug", Help.Value);
    }

    [Fact]
    public void Help_for_a_task_shows_its_description_dependencies_and_options()
    {
        var result = BuildRunner.Run("--help", "Validate");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.StartsWith("Validate: Validate deploy/", result.StandardOutput);
        Assert.Contains("Depends on: GenerateManifests (runs GenerateManifests, HashImages first", result.StandardOutput);
        Assert.Contains("--junit=FILE", result.StandardOutput);
        Assert.Contains("--registry=VALUE", result.StandardOutput);
        Assert.DoesNotContain("--wait", result.StandardOutput);
    }

    /// <summary>Each --help section and the document that describes its options.</summary>
    public static TheoryData<string, string> References => new()
    {
        { "Host options", "docs/command-line.md" },
        { "Validate options", "docs/validation.md" },
        { "Publish options", "docs/publishing.md" },
        { "Status options", "docs/status.md" },
    };

    [Theory]
    [MemberData(nameof(References))]
    public void The_documentation_names_exactly_the_options_of_help(string section, string document)
    {
        var text = File.ReadAllText(Path.Combine(Paths.RepositoryRoot, document));
        // The options a table row documents: its first cell ("| `--junit FILE` | ...").
        var documented = Regex.Matches(text, @"^\| ([^|]*)\|", RegexOptions.Multiline)
            .SelectMany(row => Regex.Matches(row.Groups[1].Value, @"`(-{1,2}[a-z?][a-z-]*)").Select(m => m.Groups[1].Value))
            .ToHashSet();
        var known = Regex.Matches(Help.Value, @"(?<=^  |, )(-{1,2}[a-z?][a-z-]*)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        var offered = Regex.Matches(Section(Help.Value, section), @"(?<=^  |, )(-{1,2}[a-z?][a-z-]*)", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToHashSet();

        Assert.NotEmpty(offered);
        Assert.Empty(offered.Except(documented));
        Assert.Empty(documented.Except(known));
    }

    /// <summary>Where the table of images.yaml's keys lives.</summary>
    private static string ConfigurationReference => Path.Combine(Paths.RepositoryRoot, "docs", "configuration.md");

    /// <summary>The lines of one --help section, from its heading to the next blank line.</summary>
    private static string Section(string help, string heading)
    {
        var start = help.IndexOf("\n" + heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"--help has no '{heading}' section");
        var end = help.IndexOf("\n\n", start + 1, StringComparison.Ordinal);
        return help[(help.IndexOf('\n', start + 1) + 1)..end];
    }
}
