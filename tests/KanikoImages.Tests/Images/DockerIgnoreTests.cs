using KanikoImages.Images.Hashing;

namespace KanikoImages.Tests.Images;

/// <summary>.dockerignore with Docker's (moby/patternmatcher) semantics.</summary>
public sealed class DockerIgnoreTests
{
    [Theory]
    [InlineData("*.md", "README.md", true)]
    [InlineData("*.md", "docs/README.md", false)]
    [InlineData("**/*.md", "docs/deep/README.md", true)]
    [InlineData("**/*.md", "README.md", true)]
    [InlineData("docs", "docs/a/b.txt", true)]
    [InlineData("docs/", "docs/a/b.txt", true)]
    [InlineData("/docs", "docs/a.txt", true)]
    [InlineData("./docs", "docs/a.txt", true)]
    [InlineData("docs/**", "docs/a/b.txt", true)]
    [InlineData("**", "anything/at/all", true)]
    [InlineData("a/**/z", "a/z", true)]
    [InlineData("a/**/z", "a/b/c/z", true)]
    [InlineData("a/*/z", "a/b/c/z", false)]
    [InlineData("?.txt", "a.txt", true)]
    [InlineData("?.txt", "ab.txt", false)]
    [InlineData("[ab].txt", "b.txt", true)]
    [InlineData("[^ab].txt", "b.txt", false)]
    [InlineData("file(1).txt", "file(1).txt", true)]
    [InlineData("a.b", "axb", false)]
    [InlineData("**/__pycache__", "app/__pycache__/x.pyc", true)]
    [InlineData("temp?", "temp1/x", true)]
    [InlineData("# comment", "# comment", false)]
    [InlineData("\\#notes", "#notes", true)]
    [InlineData("docs/../src", "src/main.c", true)]
    public void A_single_pattern_excludes_like_docker(string pattern, string path, bool excluded)
    {
        Assert.Equal(excluded, DockerIgnore.Parse(pattern).IsExcluded(path));
    }

    [Fact]
    public void The_last_matching_line_wins_and_exceptions_re_include()
    {
        var ignore = DockerIgnore.Parse("*.md\n!README.md\nREADME*.md\n!README-keep.md\n");

        Assert.True(ignore.IsExcluded("CHANGES.md"));
        Assert.True(ignore.IsExcluded("README.md"));
        Assert.False(ignore.IsExcluded("README-keep.md"));
        Assert.False(ignore.IsExcluded("main.go"));
        Assert.True(ignore.HasExceptions);
    }

    [Fact]
    public void An_exception_can_re_include_a_file_below_an_excluded_folder()
    {
        var ignore = DockerIgnore.Parse("tests\n!tests/conftest.py\n");

        Assert.True(ignore.IsExcluded("tests/test_a.py"));
        Assert.False(ignore.IsExcluded("tests/conftest.py"));
    }

    [Fact]
    public void CRLF_blank_lines_and_surrounding_spaces_are_ignored()
    {
        var ignore = DockerIgnore.Parse("  *.log  \r\n\r\n! keep.log\r\n");

        Assert.True(ignore.IsExcluded("a.log"));
        Assert.False(ignore.IsExcluded("keep.log"));
    }

    [Fact]
    public void A_lone_exclamation_mark_is_an_error_naming_the_line()
    {
        var error = Assert.Throws<FormatException>(() => DockerIgnore.Parse("*.md\n!\n"));

        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void Excluded_files_drop_out_of_the_hashed_context_and_exceptions_stay()
    {
        using var repo = new ImageRepo();
        repo.Write("images/app/Dockerfile", "FROM alpine\n");
        repo.Write("images/app/.dockerignore", "tests\n!tests/conftest.py\n**/*.pyc\n");
        repo.Write("images/app/tests/test_a.py", "x");
        repo.Write("images/app/tests/conftest.py", "x");
        repo.Write("images/app/src/a.pyc", "x");
        repo.Write("images/app/src/a.py", "x");

        var files = repo.Image("app").Files.Select(f => f.Path);

        Assert.Equal([".dockerignore", "Dockerfile", "src/a.py", "tests/conftest.py"], files);
    }
}
