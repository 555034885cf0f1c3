using System.Text;
using System.Text.RegularExpressions;
using KanikoImages.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace KanikoImages.Tests.Docs;

/// <summary>
/// docs/adopting.md followed step by step: its bash blocks run in order (one bash, so `cd` carries on) in a
/// clone of a bare repository, each file it shows (a block whose first line is a comment naming the file) is
/// written where the guide says, with KANIKO pointing at this checkout and its real build.sh. Then the
/// guide's workflows run their commands: validate on the pushed repository, publish after a second image.
/// </summary>
public sealed partial class AdoptingGuideTests : IDisposable
{
    private static readonly string Guide = Path.Combine(Paths.RepositoryRoot, "docs", "adopting.md");
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_guide_works_step_by_step_in_a_new_repository()
    {
        var remote = Path.Combine(_temp.Path, "remote.git");
        var repository = Path.Combine(_temp.Path, "my-images");
        Git(_temp.Path, "init", "--quiet", "--bare", "--initial-branch=main", remote);
        Git(_temp.Path, "clone", "--quiet", remote, repository);
        Git(repository, "symbolic-ref", "HEAD", "refs/heads/main");
        var script = Script(File.ReadAllText(Guide));

        var guide = Bash(script, _temp.Path);

        Assert.True(guide.ExitCode == 0, $"{script}\n---\n{guide.Output}");
        var published = Git(repository, "show", "origin/main:deploy/manifest.yaml");
        Assert.Contains("kaniko-k8s-images/image: hello", published);
        Assert.Contains("registry.example.com/my-team/hello:1.0.0", published);
        Assert.Contains("repoURL: https://github.com/my-org/my-images.git", Git(repository, "show", "origin/main:deploy/argocd/application.yaml"));
        Assert.Equal("", Git(repository, "status", "--porcelain"));

        var validate = Bash(WorkflowCommands(Path.Combine(repository, ".github/workflows/validate.yml")), repository);
        Assert.True(validate.ExitCode == 0, validate.Output);

        // What step 7 describes: a second image merged without deploy/, then the publish workflow on main.
        Directory.CreateDirectory(Path.Combine(repository, "images", "world"));
        File.WriteAllText(Path.Combine(repository, "images", "world", "Dockerfile"), "FROM busybox:1.36.1\nCMD [\"echo\", \"world\"]\n");
        Git(repository, "add", "images");
        Git(repository, "commit", "--quiet", "-m", "Second image: world");
        Git(repository, "push", "--quiet", "origin", "main");
        var publish = Bash(WorkflowCommands(Path.Combine(repository, ".github/workflows/publish.yml")), repository);

        Assert.True(publish.ExitCode == 0, publish.Output);
        Git(repository, "fetch", "--quiet", "origin");
        Assert.Contains("kaniko-k8s-images/image: world", Git(repository, "show", "origin/main:deploy/manifest.yaml"));
        Assert.StartsWith("Publish deploy/: added world", Git(repository, "log", "-1", "--format=%s", "origin/main"));
    }

    [Fact]
    public void The_script_is_made_of_the_bash_blocks_and_the_files_shown()
    {
        var script = Script("""
            ```sh
            not run
            ```

            ```bash
            cd repo
            ```

            ```yaml
            # dir/file.yaml
            key: $value
            ```

            ```text
            shown only
            ```
            """);

        Assert.DoesNotContain("not run", script);
        Assert.DoesNotContain("shown only", script);
        Assert.Contains("cd repo\n", script);
        Assert.Contains("mkdir -p 'dir'\ncat > 'dir/file.yaml' <<'GUIDE_FILE'\n# dir/file.yaml\nkey: $value\nGUIDE_FILE\n", script);
    }

    /// <summary>The bash blocks as they are and every block that names a file as the command writing it, in order.</summary>
    private static string Script(string markdown)
    {
        var script = new StringBuilder("set -euo pipefail\n");
        foreach (Match block in FencedBlock().Matches(markdown.Replace("\r\n", "\n")))
        {
            var (language, body) = (block.Groups["language"].Value, block.Groups["body"].Value);
            if (language == "bash")
            {
                script.Append(body);
            }
            else if (FileComment().Match(body) is { Success: true } file)
            {
                var path = file.Groups["path"].Value;
                var folder = Path.GetDirectoryName(path);
                if (!string.IsNullOrEmpty(folder))
                {
                    script.Append($"mkdir -p '{folder}'\n");
                }

                script.Append($"cat > '{path}' <<'GUIDE_FILE'\n{body}GUIDE_FILE\n");
            }
        }

        return script.ToString();
    }

    /// <summary>The run commands of a workflow's steps with their env; GitHub's expressions for the branch become main.</summary>
    private static string WorkflowCommands(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(file)));
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        var script = new StringBuilder("set -euo pipefail\n");
        foreach (var job in ((YamlMappingNode)root["jobs"]).Children.Values.Cast<YamlMappingNode>())
        {
            foreach (var step in ((YamlSequenceNode)job["steps"]).Children.Cast<YamlMappingNode>())
            {
                if (!step.Children.TryGetValue(new YamlScalarNode("run"), out var run))
                {
                    continue;
                }

                var environment = step.Children.TryGetValue(new YamlScalarNode("env"), out var env)
                    ? ((YamlMappingNode)env).Children.Select(e => $"{e.Key}='{((YamlScalarNode)e.Value).Value!.Replace("${{ github.ref_name }}", "main")}' ")
                    : [];
                script.Append($"{string.Concat(environment)}{((YamlScalarNode)run).Value}\n");
            }
        }

        Assert.Contains("$KANIKO/build.sh", script.ToString());
        return script.ToString();
    }

    /// <summary>bash with this checkout as KANIKO, git isolated from the machine's configuration, a test identity.</summary>
    private static ProcessResult Bash(string script, string directory) =>
        ProcessResult.Run("bash", ["-c", script], directory, Environment(), TimeSpan.FromMinutes(10));

    private static string Git(string directory, params string[] arguments)
    {
        var result = ProcessResult.Run("git", arguments, directory, Environment());
        Assert.True(result.ExitCode == 0, $"git {string.Join(' ', arguments)}: {result.Output}");
        return result.StandardOutput;
    }

    private static Dictionary<string, string?> Environment() => new()
    {
        ["KANIKO"] = Paths.RepositoryRoot.TrimEnd('/'),
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_AUTHOR_NAME"] = "Guide",
        ["GIT_AUTHOR_EMAIL"] = "guide@example.com",
        ["GIT_COMMITTER_NAME"] = "Guide",
        ["GIT_COMMITTER_EMAIL"] = "guide@example.com",
        ["CI"] = null,
    };

    [GeneratedRegex(@"^```(?<language>\w+)\n(?<body>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"\A# (?<path>[\w./-]+)\n")]
    private static partial Regex FileComment();
}
