using KanikoImages.Build.Tools.Git;
using KanikoImages.Images;
using KanikoImages.Images.Hashing;
using KanikoImages.Tests.Publishing;

namespace KanikoImages.Tests.Images;

/// <summary>In git mode the hash covers the files as the commit holds them, in git's own view, and nothing else.</summary>
public sealed class GitModeHashTests : IDisposable
{
    private readonly ImageRepo _repo = new();

    public GitModeHashTests()
    {
        GitRemote.Git(_repo.Path, "init", "--quiet", "--initial-branch=main");
        _repo.Write("images/app/Dockerfile", "FROM alpine\nCOPY . /app\n");
        _repo.Write("images/app/run.sh", "echo hi\n");
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void A_gitignored_file_in_a_git_context_is_not_hashed_and_a_warning_names_it()
    {
        _repo.Write(".gitignore", ".env\n");
        Commit();
        var clean = Load();
        _repo.Write("images/app/.env", "TOKEN=MARKER\n");
        _repo.Write("images/app/notes.txt", "not added\n");

        var catalog = Load();

        var image = catalog.Images.Single();
        Assert.Equal(ContextMode.Git, image.ContextMode);
        Assert.Equal(["Dockerfile", "run.sh"], image.Files.Select(f => f.Path));
        Assert.Equal(clean.Images.Single().Hash, image.Hash);
        Assert.Contains(
            "images/app: not tracked by git, so not part of the build and not hashed: images/app/.env, images/app/notes.txt",
            catalog.Warnings);
    }

    [Fact]
    public void A_gitignored_file_never_reaches_a_ConfigMap_context()
    {
        File.Delete(_repo.Full("images/app/run.sh"));
        _repo.Write(".gitignore", ".env\n");
        Commit();
        _repo.Write("images/app/.env", "TOKEN=MARKER\n");

        var image = Load().Images.Single();

        // Only the Dockerfile is tracked: auto picks a ConfigMap, and the ConfigMap would be published.
        Assert.Equal(ContextMode.ConfigMap, image.ContextMode);
        Assert.Equal(["Dockerfile"], image.Files.Select(f => f.Path));
    }

    [Fact]
    public void A_commit_that_only_turns_CRLF_into_LF_changes_the_hash()
    {
        _repo.Write("images/app/run.sh", "echo hi\r\n");
        Commit();
        var crlf = Load().Images.Single().Hash;

        _repo.Write("images/app/run.sh", "echo hi\n");
        Commit();
        var lf = Load().Images.Single().Hash;

        Assert.NotEqual(crlf, lf);
        // Without git's view (no work tree) both read as LF: the old rule that let the guard skip the fixed build.
        Assert.Equal(_repo.Hash("app"), lf.Value);
    }

    [Fact]
    public void Committed_LF_files_hash_exactly_as_without_git()
    {
        Commit();

        Assert.Equal(_repo.Hash("app"), Load().Images.Single().Hash.Value);
    }

    [Theory]
    [InlineData(64 * 1024 - 40)]
    [InlineData(64 * 1024 - 17)]
    [InlineData(64 * 1024)]
    [InlineData(200 * 1024)]
    public void Committed_files_on_either_side_of_the_read_buffer_hash_exactly_as_without_git(int length)
    {
        // Small files are read in one go behind the blob header, larger ones streamed: both give the same hash.
        _repo.Write("images/app/data.txt", new string('x', length - 1) + "\n");
        Commit();

        Assert.Equal(_repo.Hash("app"), Load().Images.Single().Hash.Value);
    }

    [Theory]
    [InlineData("echo ho\n")]
    [InlineData("echo hello\r\n")]
    public void A_file_edited_since_its_commit_hashes_as_the_checkout_reads(string edited)
    {
        Commit();
        _repo.Write("images/app/run.sh", edited);

        Assert.Equal(_repo.Hash("app"), Load().Images.Single().Hash.Value);
    }

    [Fact]
    public void A_checkout_converted_by_gitattributes_hashes_as_the_commit_holds_it()
    {
        Commit();
        var committedLf = Load().Images.Single().Hash;

        // eol=crlf: git stores LF and checks out CRLF; kaniko's clone builds the blob, so the hash must not move.
        _repo.Write(".gitattributes", "*.sh text eol=crlf\n");
        Commit();
        File.Delete(_repo.Full("images/app/run.sh"));
        GitRemote.Git(_repo.Path, "checkout", "--", "images/app/run.sh");

        Assert.Equal("echo hi\r\n", File.ReadAllText(_repo.Full("images/app/run.sh")));
        Assert.Equal(committedLf, Load().Images.Single().Hash);
    }

    [Fact]
    public void The_executable_bit_comes_from_the_commit()
    {
        Commit();
        var plain = Load().Images.Single();
        GitRemote.Git(_repo.Path, "update-index", "--chmod=+x", "images/app/run.sh");
        GitRemote.Git(_repo.Path, "commit", "--quiet", "-m", "executable");

        var image = Load().Images.Single();

        // The checkout's mode did not change; the commit's did, and that is what kaniko's clone gets.
        Assert.True(image.Files.Single(f => f.Path == "run.sh").Executable);
        Assert.NotEqual(plain.Hash, image.Hash);
    }

    private void Commit() => _repo.Commit();

    private ImageCatalog Load() => _repo.LoadFromGit();
}
