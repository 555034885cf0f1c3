using KanikoImages.Images;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Images;

/// <summary>
/// Paths are resolved to where they really lead, hop by hop: nothing outside the repository or inside .git is
/// ever read, and nothing but files, folders and symlinks is ever opened.
/// </summary>
public sealed class HostilePathTests : IDisposable
{
    private readonly ImageRepo _repo = new();
    private readonly TempDirectory _outside = new();
    private readonly string _secret;

    public HostilePathTests()
    {
        _secret = _outside.Write("secret", "MARKER-OUTSIDE\n");
        _repo.Write("images/app/Dockerfile", "FROM alpine\n");
        _repo.Write(".git/config", "[http]\n\textraheader = AUTHORIZATION: bearer MARKER-GIT\n");
    }

    public void Dispose()
    {
        _repo.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public void A_Dockerfile_linked_outside_is_refused_even_when_dockerignore_excludes_it()
    {
        _repo.Write("images/leak/.dockerignore", "Dockerfile\n");
        File.CreateSymbolicLink(_repo.Full("images/leak/Dockerfile"), _secret);

        var error = _repo.Error();

        Assert.Contains($"images/leak: the dockerfile 'Dockerfile' goes through the symlink images/leak/Dockerfile -> '{_secret}', outside the repository", error);
        Assert.DoesNotContain("MARKER", error);
    }

    [Fact]
    public void A_chain_of_links_that_leaves_the_repository_at_its_second_hop_is_refused()
    {
        Directory.CreateDirectory(_repo.Full("images/x"));
        _repo.Write("images/x/Dockerfile", "FROM alpine\nCOPY a /\n");
        File.CreateSymbolicLink(_repo.Full("images/x/a"), "../../hop");
        File.CreateSymbolicLink(_repo.Full("hop"), "/proc/self/environ");

        var error = _repo.Error();

        Assert.Contains("images/x/a: is a symlink to '../../hop': '../../hop' goes through the symlink hop -> '/proc/self/environ', outside the repository", error);
    }

    [Fact]
    public void A_link_into_git_config_is_refused()
    {
        File.CreateSymbolicLink(_repo.Full("images/app/config"), "../../.git/config");

        var error = _repo.Error();

        Assert.Contains("images/app/config: is a symlink to '../../.git/config': '../../.git/config' leads into a .git folder", error);
        Assert.DoesNotContain("MARKER", error);
    }

    [Theory]
    [InlineData("dockerfile: ../../.git/config\n", "the dockerfile '../../.git/config' leads into a .git folder")]
    [InlineData("context: ../../.git\n", "the context '../../.git' leads into a .git folder")]
    [InlineData("dockerfile: /etc/passwd\n", "the dockerfile '/etc/passwd' is outside the repository")]
    [InlineData("context: ../..\n", "the context '../..' is the repository root, which holds deploy/")]
    [InlineData("context: ../../deploy\n", "the context '../../deploy' is in deploy/")]
    [InlineData("dockerfile: ../../deploy/manifest.yaml\n", "the dockerfile '../../deploy/manifest.yaml' is in deploy/")]
    [InlineData("context: ../../src\n", "the context '../../src' contains src/Tool/obj/")]
    [InlineData("context: ../../.tools/x\n", "the context '../../.tools/x' is in .tools/")]
    public void Dockerfile_and_context_may_not_lead_into_git_deploy_or_outside(string imageYaml, string problem)
    {
        _repo.Write("deploy/manifest.yaml", "kind: Job\n");
        _repo.Write("src/Tool/obj/project.assets.json", "{}\n");
        Directory.CreateDirectory(_repo.Full(".tools/x"));
        _repo.Write("images/app/image.yaml", imageYaml);

        Assert.Contains($"images/app/image.yaml: {problem}", _repo.Error());
    }

    [Fact]
    public void A_symlinked_image_folder_pointing_outside_is_refused()
    {
        _outside.Write("evil/Dockerfile", "FROM alpine\nCOPY secret /\n");
        Directory.CreateSymbolicLink(_repo.Full("images/evil"), Path.Combine(_outside.Path, "evil"));

        var error = _repo.Error();

        Assert.Contains("images/evil: is a symlink: 'evil' goes through the symlink images/evil ->", error);
    }

    [Fact]
    public void A_symlinked_images_folder_pointing_outside_is_refused()
    {
        Directory.Delete(_repo.Full("images"), recursive: true);
        _outside.Write("images/app/Dockerfile", "FROM alpine\n");
        Directory.CreateSymbolicLink(_repo.Full("images"), Path.Combine(_outside.Path, "images"));

        Assert.Contains("images/: is a symlink: 'images' goes through the symlink images ->", _repo.Error());
    }

    [Fact]
    public void A_symlinked_image_folder_inside_the_repository_builds_from_its_real_folder()
    {
        _repo.Write("shared/tool/Dockerfile", "FROM alpine\n");
        Directory.CreateSymbolicLink(_repo.Full("images/tool"), "../shared/tool");

        var image = _repo.Image("tool");

        Assert.Equal("images/tool", image.Folder);
        Assert.Equal("shared/tool", image.Context);
        Assert.Equal("shared/tool/Dockerfile", image.Dockerfile);
    }

    [Fact]
    public void A_FIFO_in_the_context_is_refused_without_being_opened()
    {
        MakeFifo("images/app/pipe");

        Assert.Contains("images/app/pipe: is a FIFO, socket or device", Bounded(_repo.Error));
    }

    [Fact]
    public void A_FIFO_as_Dockerfile_is_refused_without_being_opened()
    {
        File.Delete(_repo.Full("images/app/Dockerfile"));
        MakeFifo("images/app/Dockerfile");

        Assert.Contains("images/app/Dockerfile: cannot be read: is not a regular file (a FIFO, socket or device)", Bounded(_repo.Error));
    }

    [Fact]
    public void A_device_node_in_the_context_is_refused()
    {
        // mknod needs root; the tests run as root in CI. Elsewhere a link to /dev/zero is refused as leaving the repository.
        var made = ProcessResult.Run("mknod", [_repo.Full("images/app/zero"), "c", "1", "5"]).ExitCode == 0;
        if (!made)
        {
            File.CreateSymbolicLink(_repo.Full("images/app/zero"), "/dev/zero");
        }

        var error = Bounded(_repo.Error);

        Assert.Contains(made ? "images/app/zero: is a FIFO, socket or device" : "images/app/zero: is a symlink to '/dev/zero'", error);
    }

    [Fact]
    public void A_link_to_dev_null_is_refused()
    {
        File.CreateSymbolicLink(_repo.Full("images/app/null"), "/dev/null");

        Assert.Contains("images/app/null: is a symlink to '/dev/null': '/dev/null' is outside the repository", Bounded(_repo.Error));
    }

    [Fact]
    public void ConfigMap_mode_refuses_a_symlink_naming_it_and_auto_uses_git_instead()
    {
        _repo.Write("images/app/real.txt", "text\n");
        File.CreateSymbolicLink(_repo.Full("images/app/link.txt"), "real.txt");
        _repo.Write("images/app/.dockerignore", "real.txt\n");

        Assert.Equal(ContextMode.Git, _repo.Image("app").ContextMode);

        _repo.Write("images/app/image.yaml", "contextMode: configmap\n");

        Assert.Contains("images/app/link.txt: is a symlink, which a ConfigMap cannot carry", _repo.Error());
    }

    [Fact]
    public void A_Dockerfile_reached_through_a_link_inside_the_repository_makes_auto_use_git()
    {
        File.Delete(_repo.Full("images/app/Dockerfile"));
        _repo.Write("shared/Dockerfile", "FROM alpine\n");
        File.CreateSymbolicLink(_repo.Full("images/app/Dockerfile"), "../../shared/Dockerfile");
        _repo.Write("images/app/.dockerignore", "Dockerfile\n");

        var image = _repo.Image("app");

        Assert.Equal("shared/Dockerfile", image.Dockerfile);
        Assert.Equal(ContextMode.Git, image.ContextMode);
    }

    [Fact]
    public void An_image_yaml_that_is_a_symlink_or_a_FIFO_is_refused()
    {
        File.CreateSymbolicLink(_repo.Full("images/app/image.yaml"), _secret);
        _repo.Write("images/pipe/Dockerfile", "FROM alpine\n");
        MakeFifo("images/pipe/image.yaml");

        var error = Bounded(_repo.Error);

        Assert.Contains("images/app/image.yaml: must be a regular file", error);
        Assert.Contains("images/pipe/image.yaml: must be a regular file", error);
        Assert.DoesNotContain("MARKER", error);
    }

    [Fact]
    public void A_symlink_loop_is_refused()
    {
        File.CreateSymbolicLink(_repo.Full("images/app/a"), "b");
        File.CreateSymbolicLink(_repo.Full("images/app/b"), "a");
        _repo.Write("images/app/image.yaml", "dockerfile: a\n");

        Assert.Contains("images/app/image.yaml: the dockerfile 'a' has more than 40 symlink hops", _repo.Error());
    }

    private void MakeFifo(string relativePath)
    {
        var result = ProcessResult.Run("mkfifo", [_repo.Full(relativePath)]);
        Assert.True(result.ExitCode == 0, result.Output);
    }

    /// <summary>Runs a load that must not block on a FIFO; a hang fails the test instead of stalling the suite.</summary>
    private static string Bounded(Func<IReadOnlyDictionary<string, string>?, IReadOnlyDictionary<string, string>?, string> load)
    {
        var task = Task.Run(() => load(null, null));
        Assert.True(task.Wait(TimeSpan.FromMinutes(1)), "loading the catalog blocked on a FIFO or device");
        return task.Result;
    }
}
