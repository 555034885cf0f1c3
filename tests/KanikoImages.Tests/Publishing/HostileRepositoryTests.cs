using System.Text;
using KanikoImages.Tests.Support;
using static KanikoImages.Tests.Publishing.GitRemote;

namespace KanikoImages.Tests.Publishing;

/// <summary>
/// The whole chain (GenerateManifests, Validate, Publish to a real bare remote) on a repository that reaches for
/// secrets: a file outside the repository and a token in .git/config. It refuses, or its output holds neither.
/// </summary>
public sealed class HostileRepositoryTests : IDisposable
{
    private const string OutsideMarker = "MARKER-OUTSIDE-5b1e";
    private const string GitConfigMarker = "MARKER-GITCONFIG-c7d2";

    private readonly GitRemote _remote = new();
    private readonly TempDirectory _outside = new();
    private readonly string _clone;

    public HostileRepositoryTests()
    {
        _clone = _remote.Clone();
        Git(_clone, "config", "http.extraheader", $"AUTHORIZATION: bearer {GitConfigMarker}");
        _outside.Write("secret", OutsideMarker + "\n");
        _outside.Write("evil/Dockerfile", $"FROM alpine\n# {OutsideMarker}\n");
        File.WriteAllText(
            Path.Combine(_clone, "images.yaml"),
            "registry: registry.example.test/team\ngit:\n  url: https://git.example.test/team/images.git\n  branch: main\n");
    }

    public void Dispose()
    {
        _remote.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public void No_byte_from_outside_the_contexts_reaches_deploy_or_the_remote()
    {
        var before = _remote.Head();
        Write("images/leak/.dockerignore", "Dockerfile\n");
        File.CreateSymbolicLink(Full("images/leak/Dockerfile"), Path.Combine(_outside.Path, "secret"));
        Write("images/chain/Dockerfile", "FROM alpine\nCOPY a /\n");
        File.CreateSymbolicLink(Full("images/chain/a"), "../../hop");
        File.CreateSymbolicLink(Full("hop"), Path.Combine(_outside.Path, "secret"));
        Write("images/gitconfig/Dockerfile", "FROM alpine\n");
        Write("images/gitconfig/image.yaml", "dockerfile: ../../.git/config\ncontextMode: configmap\n");
        Write("images/gitfolder/Dockerfile", "FROM alpine\n");
        Write("images/gitfolder/image.yaml", "context: ../../.git\ncontextMode: configmap\n");
        Directory.CreateSymbolicLink(Full("images/evil"), Path.Combine(_outside.Path, "evil"));
        Git(_clone, "add", "--all");
        Git(_clone, "commit", "--quiet", "-m", "Hostile images");

        var generate = BuildRunner.Run("GenerateManifests", "--working", _clone);
        var validate = BuildRunner.Run("Validate", "--exclusive", "--working", _clone);
        var publish = BuildRunner.Run("Publish", "--working", _clone);

        Assert.NotEqual(0, generate.ExitCode);
        foreach (var refused in new[] { "images/leak:", "images/chain/a:", "images/gitconfig/image.yaml:", "images/gitfolder/image.yaml:", "images/evil:" })
        {
            Assert.Contains(refused, generate.Output);
        }

        Assert.NotEqual(0, validate.ExitCode);
        Assert.NotEqual(0, publish.ExitCode);
        Assert.Equal(before, _remote.Head());
        AssertNoMarker(generate.Output + validate.Output + publish.Output);

        // The same repository without the refused images, with secrets still within reach of its contexts.
        Git(_clone, "rm", "--quiet", "-r", "images/leak", "images/chain", "images/gitconfig", "images/gitfolder", "images/evil", "hop");
        Write(".gitignore", ".env\n");
        Write("images/app/Dockerfile", "FROM alpine\nCOPY . /app\n");
        Write("images/app/main.py", "print('hi')\n");
        File.CreateSymbolicLink(Full("images/app/shared.py"), "main.py");
        Git(_clone, "add", "--all");
        Git(_clone, "commit", "--quiet", "-m", "Clean images");
        // Merged, as a pull request is: Publish pushes only its own commit on top of the remote.
        Git(_clone, "push", "--quiet", "origin", "HEAD:refs/heads/main");
        Write("images/app/.env", $"TOKEN={OutsideMarker}\n");
        Write("images/alpha/.env", $"TOKEN={GitConfigMarker}\n");

        generate = BuildRunner.Run("GenerateManifests", "--working", _clone);
        validate = BuildRunner.Run("Validate", "--exclusive", "--working", _clone);
        publish = BuildRunner.Run("Publish", "--exclusive", "--working", _clone);

        Assert.True(generate.ExitCode == 0, generate.Output);
        Assert.Contains("images/alpha: not tracked by git, so not part of the build and not hashed: images/alpha/.env", generate.Output);
        Assert.True(validate.ExitCode == 0, validate.Output);
        Assert.True(publish.ExitCode == 0, publish.Output);
        Assert.Equal(Git(_clone, "rev-parse", "HEAD"), _remote.Head());
        foreach (var file in Directory.EnumerateFiles(Full("deploy"), "*", SearchOption.AllDirectories))
        {
            AssertNoMarker(File.ReadAllText(file));
        }

        AssertNoMarker(Git(_remote.Bare, "log", "-p", "--all", "--binary"));
    }

    private static void AssertNoMarker(string text)
    {
        Assert.DoesNotContain(OutsideMarker, text);
        Assert.DoesNotContain(GitConfigMarker, text);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(OutsideMarker))[..12], text);
    }

    private string Full(string relativePath) => Path.Combine(_clone, relativePath);

    private void Write(string relativePath, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Full(relativePath))!);
        File.WriteAllText(Full(relativePath), text);
    }
}
