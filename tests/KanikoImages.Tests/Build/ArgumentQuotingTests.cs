using KanikoImages.Build.Tools.Git;
using KanikoImages.Tests.Publishing;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Build;

/// <summary>Every argument reaches a tool unchanged, through the real Cake process runner and the real git.</summary>
public sealed class ArgumentQuotingTests : IDisposable
{
    private readonly TempDirectory _repo = new();
    private readonly GitRunner _git = GitRemote.CakeGit();

    public ArgumentQuotingTests()
    {
        Assert.Equal(0, _git.Run(_repo.Path, ["init", "--quiet"]).ExitCode);
    }

    public void Dispose() => _repo.Dispose();

    [Theory]
    [InlineData("plain")]
    [InlineData("two words")]
    [InlineData("a \"quoted\" word")]
    [InlineData("trailing backslash\\")]
    [InlineData("back\\\\slashes \\\" before a quote")]
    [InlineData("line one\nline two\n\tindented")]
    [InlineData("\"")]
    [InlineData("\\")]
    [InlineData("ends in a quote\"")]
    public void A_commit_message_survives_whatever_it_holds(string message)
    {
        var commit = _git.Run(_repo.Path, ["-c", "user.name=Test Person", "-c", "user.email=t@example.test", "commit", "--quiet", "--allow-empty", "--cleanup=verbatim", "-m", message]);
        Assert.True(commit.ExitCode == 0, commit.ErrorText);

        var log = _git.Run(_repo.Path, ["log", "-1", "--format=%B"]);

        // log ends the message with a newline of its own.
        Assert.Equal(message, string.Join('\n', log.StandardOutput).TrimEnd('\n'));
    }

    [Fact]
    public void An_empty_argument_stays_an_argument()
    {
        var result = _git.Run(_repo.Path, ["-c", "user.name=", "config", "user.name"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([""], result.StandardOutput);
    }
}
