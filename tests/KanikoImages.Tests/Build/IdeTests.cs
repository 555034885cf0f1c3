using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;
using Cake.Frosting;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Build;

/// <summary>
/// What an IDE opens: the root solution holds every project, and each task has a launch profile (Default first)
/// in build/Properties/launchSettings.json and the same configuration in .vscode/launch.json.
/// </summary>
public sealed class IdeTests
{
    private static readonly string Root = Paths.RepositoryRoot;

    /// <summary>The profiles every IDE offers besides one per task, by the arguments they run.</summary>
    private static readonly string[] Extra = ["--target Validate --exclusive", "--target Publish --dryrun"];

    [Fact]
    public void The_root_solution_holds_every_project_of_build_src_and_tests()
    {
        var solution = Assert.Single(Directory.GetFiles(Root, "*.slnx"));
        var listed = XDocument.Load(solution).Descendants("Project")
            .Select(p => p.Attribute("Path")!.Value)
            .Order(StringComparer.Ordinal);
        var projects = new[] { "build", "src", "tests" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Root, folder), "*.csproj", SearchOption.AllDirectories))
            .Select(file => Path.GetRelativePath(Root, file).Replace('\\', '/'))
            .Where(path => !path.Split('/').Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(projects, listed);
    }

    [Fact]
    public void Visual_Studio_and_Rider_have_a_profile_per_task_with_Default_first()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "build", "Properties", "launchSettings.json")));
        var profiles = settings.RootElement.GetProperty("profiles").EnumerateObject()
            .Select(p => (p.Name, Args: p.Value.GetProperty("commandLineArgs").GetString()!))
            .ToList();

        Assert.Equal("--target Default", profiles[0].Args);
        foreach (var task in TaskNames().Select(name => "--target " + name).Concat(Extra))
        {
            Assert.Contains(profiles, p => p.Args == task);
        }
    }

    [Fact]
    public void VS_Code_launches_the_same_profiles_after_building_them()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "build", "Properties", "launchSettings.json")));
        using var launch = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, ".vscode", "launch.json")));
        using var tasks = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, ".vscode", "tasks.json")));
        var configurations = launch.RootElement.GetProperty("configurations").EnumerateArray().ToList();
        var taskLabels = tasks.RootElement.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("label").GetString()).ToList();

        var profiles = configurations
            .Select(c => (Name: c.GetProperty("name").GetString()!, Args: string.Join(' ', c.GetProperty("args").EnumerateArray().Select(a => a.GetString()))))
            .ToList();
        var visualStudio = settings.RootElement.GetProperty("profiles").EnumerateObject()
            .Select(p => (p.Name, Args: p.Value.GetProperty("commandLineArgs").GetString()!));

        Assert.Equal(visualStudio, profiles);
        Assert.All(configurations, c =>
        {
            Assert.Equal("${workspaceFolder}/build/bin/Debug/net10.0/Build.dll", c.GetProperty("program").GetString());
            Assert.Contains(c.GetProperty("preLaunchTask").GetString(), taskLabels);
        });
        foreach (var (name, _) in profiles)
        {
            Assert.Contains(name, taskLabels);
        }
    }

    /// <summary>The task names of the build project, as the host registers them.</summary>
    private static IEnumerable<string> TaskNames() =>
        typeof(KanikoImages.Build.BuildContext).Assembly.GetTypes()
            .Select(t => t.GetCustomAttribute<TaskNameAttribute>()?.Name)
            .OfType<string>();
}
