using System.Text;
using k8s;
using k8s.Models;
using KanikoImages.Images.Hashing;
using KanikoImages.Manifests;
using KanikoImages.Manifests.Resources;
using KanikoImages.Tests.Manifests;

namespace KanikoImages.Tests.Images;

/// <summary>.dockerignore as the pinned kaniko executor reads it, and where Docker reads it differently.</summary>
public sealed class DockerIgnoreTests
{
    /// <summary>
    /// The conformance table: ignore-file text, a context path (cleaned, as kaniko's Matches cleans it), kaniko's
    /// verdict (true = left out) and Docker's where it differs. Sources: the issue's table; moby/patternmatcher's
    /// patternmatcher_test.go (TestMatches, TestMatch, TestWildcardMatches..., TestCleanPatterns...); kaniko's
    /// integration/.dockerignore and dockerfiles-with-context/issue-1568/.dockerignore; the rest are this tool's
    /// own, each worked out from patternmatcher.go, ignorefile.go and Go's regexp rules.
    /// </summary>
    public static readonly Case[] Conformance =
    [
        // The issue's table.
        new(@"a\\", @"a\", true),
        new(@"a\*b", "a*b", true),
        new(@"[\]a]", "]", true),
        new(@"[\-x]", "-", true),
        new(@"[\-x]", "a", false),

        // patternmatcher TestMatches (its paths with a final '/' cleaned); kaniko differs where a parent deeper or
        // shallower than the pattern matches.
        new("**", "file", true),
        new("**/", "file", true),
        new("**", "/", true),
        new("**/", "/", true),
        new("**", "dir/file", true),
        new("**/", "dir/file", true),
        new("**/**", "dir/file", true),
        new("dir/**", "dir/file", true),
        new("dir/**", "dir/dir2/file", true),
        new("**/dir", "dir", true),
        new("**/dir", "dir/file", false, Docker: true),
        new("**/dir2/*", "dir/dir2/file", true),
        new("**/dir2/**", "dir/dir2/dir3/file", true),
        new("**file", "file", true),
        new("**file", "dir/file", true),
        new("**/file", "dir/file", true),
        new("**file", "dir/dir/file", true),
        new("**/file", "dir/dir/file", true),
        new("**/file*", "dir/dir/file", true),
        new("**/file*", "dir/dir/file.txt", true),
        new("**/file*txt", "dir/dir/file.txt", true),
        new("**/file*.txt", "dir/dir/file.txt", true),
        new("**/file*.txt*", "dir/dir/file.txt", true),
        new("**/**/*.txt", "dir/dir/file.txt", true),
        new("**/**/*.txt2", "dir/dir/file.txt", false),
        new("**/*.txt", "file.txt", true),
        new("**/**/*.txt", "file.txt", true),
        new("a**/*.txt", "a/file.txt", true),
        new("a**/*.txt", "a/dir/file.txt", true),
        new("a**/*.txt", "a/dir/dir/file.txt", true),
        new("a/*.txt", "a/dir/file.txt", false),
        new("a/*.txt", "a/file.txt", true),
        new("a/*.txt**", "a/file.txt", true),
        new("a[b-d]e", "ae", false),
        new("a[b-d]e", "ace", true),
        new("a[b-d]e", "aae", false),
        new("a[^b-d]e", "aze", true),
        new(".*", ".foo", true),
        new(".*", "foo", false),
        new("abc.def", "abcdef", false),
        new("abc.def", "abc.def", true),
        new("abc.def", "abcZdef", false),
        new("abc?def", "abcZdef", true),
        new("abc?def", "abcdef", false),
        new("**/foo/bar", "foo/bar", true),
        new("**/foo/bar", "dir/foo/bar", true),
        new("**/foo/bar", "dir/dir2/foo/bar", true),
        new("abc/**", "abc", false),
        new("abc/**", "abc/def", true),
        new("abc/**", "abc/def/ghi", true),
        new("**/.foo", ".foo", true),
        new("**/.foo", "bar.foo", false),
        new("a(b)c/def", "a(b)c/def", true),
        new("a(b)c/def", "a(b)c/xyz", false),
        new("a.|)$(}+{bc", "a.|)$(}+{bc", true),
        new("dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true),
        new("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true),
        new("**\n!util/docker/web", "util/docker/web/foo", false),
        new("**\n!util/docker/web\nutil/docker/web/foo", "util/docker/web/foo", true),
        new("**\n!dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false),
        new("**\n!dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false),

        // patternmatcher TestMatch (Go's filepath.Match cases, run through the package-level Matches kaniko calls).
        new("abc", "abc", true),
        new("*", "abc", true),
        new("*c", "abc", true),
        new("a*", "a", true),
        new("a*", "abc", true),
        new("a*", "ab/c", true),
        new("a*/b", "abc/b", true),
        new("a*/b", "a/c/b", false),
        new("a*b*c*d*e*/f", "axbxcxdxe/f", true),
        new("a*b*c*d*e*/f", "axbxcxdxexxx/f", true),
        new("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false),
        new("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false),
        new("a*b?c*x", "abxbbxdbxebxczzx", true),
        new("a*b?c*x", "abxbbxdbxebxczzy", false),
        new("ab[c]", "abc", true),
        new("ab[b-d]", "abc", true),
        new("ab[e-g]", "abc", false),
        new("ab[^c]", "abc", false),
        new("ab[^b-d]", "abc", false),
        new("ab[^e-g]", "abc", true),
        new(@"a\*b", "ab", false),
        new("a?b", "a☺b", true),
        new("a[^a]b", "a☺b", true),
        new("a???b", "a☺b", false),
        new("a[^a][^a][^a]b", "a☺b", false),
        new("[a-ζ]*", "α", true),
        new("*[a-ζ]", "A", false),
        new("a?b", "a/b", false),
        new("a*b", "a/b", false),
        new(@"[\-]", "-", true),
        new(@"[x\-]", "x", true),
        new(@"[x\-]", "-", true),
        new(@"[x\-]", "z", false),
        new(@"[\-x]", "x", true),
        new("*x", "xxx", true),

        // patternmatcher's single tests.
        new("*", "fileutils.go", true),
        new("*.go", "fileutils.go", true),
        new("!fileutils.go\n*.go", "fileutils.go", true),
        new("docs\n!docs/README.md", "docs/README.md", false),
        new("docs/\n!docs/README.md", "docs/README.md", false),
        new("docs/*\n!docs/README.md", "docs/README.md", false),
        new("*.go\n!fileutils.go", "fileutils.go", false),
        new("docs\n  !docs/README.md", "docs/README.md", false),
        new("docs\n!docs/README.md  ", "docs/README.md", false),

        // kaniko's integration .dockerignore files.
        new("ignore/**\n!ignore/foo\ncache", "ignore/foo", false),
        new("ignore/**\n!ignore/foo\ncache", "ignore/bar", true),
        new("ignore/**\n!ignore/foo\ncache", "ignore/sub/foo", true),
        new("ignore/**\n!ignore/foo\ncache", "ignore", false),
        new("ignore/**\n!ignore/foo\ncache", "cache/x", true),
        new("context/secret", "context/secret", true),
        new("context/secret", "context/other", false),

        // Reading the file: comments, spaces, CRLF, BOM, cleaning before the '!' decision.
        new("# comment", "# comment", false),
        new(@"\#notes", "#notes", true),
        new(" #x", "#x", true),
        new("  *.log  \r\n\r\n! keep.log\r\n", "a.log", true),
        new("  *.log  \r\n\r\n! keep.log\r\n", "keep.log", false),
        new("\uFEFF*.md", "README.md", true),
        new("/docs", "docs/a.txt", true),
        new("./docs", "docs/a.txt", true),
        new("docs/../src", "src/main.c", true),
        new("foo*\n./!foo", "foo", false),
        new("foo*\n/!foo", "foo", false),
        new("foo*\n./!foo", "foobar", true),

        // Go's regexp, not .NET's: one '?' per code point, '$' only at the very end, '.' stops at a newline, a
        // negated class takes '/' and newlines, a bare '^' anchors.
        new("a?b", "a😀b", true),
        new("a??b", "a😀b", false),
        new("[😀]", "😀", true),
        new("a?", "ab\n", false),
        new("**/*.txt", "a\nb/x.txt", false),
        new("a[^x]b", "a/b", true),
        new("a[^x]b", "a\nb", true),
        new("a^b", "a^b", true),
        new("a^b*", "a^bc", false),
        new("^a*", "ab", true),
        new("^a*", "^ab", false),

        // kaniko's Matches tries one parent (as deep as the pattern), Docker's every parent.
        new("**/dir", "x/y/dir/f", false, Docker: true),
        new("**/node_modules", "node_modules/x.js", false, Docker: true),
        new("**/node_modules", "a/node_modules/x.js", true),
        new("*\n!**/keep", "a/b/keep/x", true, Docker: false),
        new("*\n!**/keep", "a/keep/x", false),
        new("tests\n!tests/conftest.py", "tests/conftest.py", false),
        new("tests\n!tests/conftest.py", "tests/test_a.py", true),
        new("*.md\n!README.md\nREADME*.md\n!README-keep.md", "README.md", true),
        new("*.md\n!README.md\nREADME*.md\n!README-keep.md", "README-keep.md", false),
        new("**/__pycache__", "app/__pycache__/x.pyc", true),
        new("temp?", "temp1/x", true),
        new("a/**/z", "a/z", true),
        new("a/**/z", "a/b/c/z", true),
        new("a/*/z", "a/b/c/z", false),
        new("file(1).txt", "file(1).txt", true),
    ];

    [Fact]
    public void The_conformance_table_has_no_mismatch()
    {
        var mismatches = Conformance
            .Select(c => (Case: c, Verdict: DockerIgnore.Parse(c.Patterns).Check(c.Path)))
            .Where(r => r.Verdict.Kaniko != r.Case.Kaniko || r.Verdict.Docker != (r.Case.Docker ?? r.Case.Kaniko))
            .Select(r => $"{r.Case.Patterns.ReplaceLineEndings("|")} on {r.Case.Path}: kaniko {r.Verdict.Kaniko}, Docker {r.Verdict.Docker}")
            .ToList();

        Assert.Empty(mismatches);
        Assert.True(Conformance.Length > 150);
    }

    [Theory]
    [InlineData("[]a]")]
    [InlineData("[-]")]
    [InlineData("[x-]")]
    [InlineData("[-x]")]
    [InlineData(@"\")]
    [InlineData("[a-b-c]")]
    [InlineData("[")]
    [InlineData("[^")]
    [InlineData("[^bc")]
    [InlineData("a[")]
    [InlineData("!")]
    [InlineData("!/")]
    [InlineData("[Local-Only]/")]
    [InlineData(@"a\d")]
    [InlineData(@"\é")]
    [InlineData("[*]")]
    [InlineData("[?]")]
    [InlineData("[[:alpha:]]")]
    public void A_pattern_Docker_refuses_or_reads_as_a_regular_expression_is_an_error_naming_its_line(string pattern)
    {
        var error = Assert.Throws<DockerIgnoreException>(() => DockerIgnore.Parse($"*.md\n# fine\n{pattern}\n"));

        Assert.Equal(3, Assert.Single(error.Problems).Line);
        Assert.Contains("line 3", error.Message);
    }

    [Fact]
    public void Every_bad_line_is_reported()
    {
        var error = Assert.Throws<DockerIgnoreException>(() => DockerIgnore.Parse("[\nok\n!\n"));

        Assert.Equal([1, 3], error.Problems.Select(p => p.Line));
    }

    [Fact]
    public void A_difference_names_the_pattern_and_its_line()
    {
        var verdict = DockerIgnore.Parse("*.md\n**/dir\n").Check("dir/file");

        Assert.Equal(new IgnoreVerdict(false, true, "**/dir", 2), verdict);
    }

    [Fact]
    public void Hostile_patterns_are_matched_in_linear_time()
    {
        var stars = string.Concat(Enumerable.Repeat("*a", 25)) + "b";
        var name = new string('a', 5000);
        var folders = string.Concat(Enumerable.Repeat("**/", 25)) + "x";
        var deep = string.Join('/', Enumerable.Repeat("d", 400)) + "/y";
        var manyStars = new string('*', 30_000) + "z";

        // A generous bound against a hang (the backtracking matcher ran for minutes), not a speed target.
        var work = Task.Run(() =>
        {
            Assert.False(DockerIgnore.Parse(stars).Check(name).Docker);
            Assert.False(DockerIgnore.Parse(folders).Check(deep).Docker);
            Assert.True(DockerIgnore.Parse(manyStars).Check(name[..255] + "/z").Kaniko);
            Assert.False(DockerIgnore.Parse(manyStars).Check(name[..255] + "/" + name[..254] + "z").Docker);
        });

        Assert.True(work.Wait(TimeSpan.FromSeconds(5)), "matching did not finish within 5 s");
    }

    [Fact]
    public void HashImages_finishes_on_hostile_lines_against_long_names_and_deep_folders()
    {
        using var repo = new ImageRepo();
        repo.Write("images/app/Dockerfile", "FROM alpine\nCOPY . /\n");
        var lines = new[] { string.Concat(Enumerable.Repeat("*a", 25)) + "b", string.Concat(Enumerable.Repeat("**/", 25)) + "x", new string('*', 30_000) };
        repo.Write("images/app/.dockerignore", string.Join('\n', lines) + "\n!Dockerfile\n!.dockerignore\n");
        repo.Write("images/app/" + new string('a', 200), "x");
        repo.Write("images/app/" + string.Join('/', Enumerable.Repeat("d", 30)) + "/y", "x");

        // A generous bound against a hang, not a speed target.
        var load = Task.Run(() => repo.Image("app"));

        Assert.True(load.Wait(TimeSpan.FromSeconds(10)), "HashImages did not finish within 10 s");
        Assert.Equal([".dockerignore", "Dockerfile"], load.Result.Files.Select(f => f.Path));
    }

    [Fact]
    public void Dockerfile_dockerignore_is_read_before_the_context_one()
    {
        using var repo = new ImageRepo();
        repo.Write("images/app/Dockerfile", "FROM alpine\nCOPY . /\n");
        repo.Write("images/app/Dockerfile.dockerignore", "bar\n");
        repo.Write("images/app/bar", "x");
        repo.Write("images/app/baz", "x");
        Assert.Equal(["Dockerfile", "Dockerfile.dockerignore", "baz"], repo.Image("app").Files.Select(f => f.Path));

        repo.Write("images/app/.dockerignore", "baz\n");
        var image = repo.Image("app");

        Assert.Equal([".dockerignore", "Dockerfile", "Dockerfile.dockerignore", "baz"], image.Files.Select(f => f.Path));
        Assert.Equal("images/app/Dockerfile.dockerignore", image.IgnoreFile);
    }

    [Fact]
    public void The_ignore_file_of_a_Dockerfile_named_in_image_yaml_sits_beside_it()
    {
        using var repo = new ImageRepo();
        repo.Write("images/app/image.yaml", "dockerfile: ../../build/App.Dockerfile\ncontext: ../../src\n");
        repo.Write("build/App.Dockerfile", "FROM alpine\nCOPY . /\n");
        repo.Write("build/App.Dockerfile.dockerignore", "secret\n");
        repo.Write("src/.dockerignore", "main.c\n");
        repo.Write("src/main.c", "x");
        repo.Write("src/secret", "x");

        var image = repo.Image("app");

        Assert.Equal([".dockerignore", "main.c"], image.Files.Select(f => f.Path));
        Assert.Equal("build/App.Dockerfile.dockerignore", image.IgnoreFile);
    }

    [Fact]
    public void A_bad_line_names_the_ignore_file_in_use_and_the_line()
    {
        using var repo = new ImageRepo();
        repo.Write("images/app/Dockerfile", "FROM alpine\n");
        repo.Write("images/app/Dockerfile.dockerignore", "ok\n[x-]\n");

        Assert.Contains("images/app/Dockerfile.dockerignore:2: '[x-]': a character class", repo.Error());
    }

    [Fact]
    public void Where_kaniko_sends_a_file_Docker_would_not_it_is_hashed_with_a_warning()
    {
        using var repo = new ImageRepo();
        repo.Write("images/app/Dockerfile", "FROM alpine\nCOPY . /\n");
        repo.Write("images/app/.dockerignore", "# deps\n**/node_modules\n");
        repo.Write("images/app/node_modules/a.js", "x");
        repo.Write("images/app/node_modules/b.js", "x");
        repo.Write("images/app/web/node_modules/c.js", "x");

        var catalog = repo.Load();

        Assert.Equal([".dockerignore", "Dockerfile", "node_modules/a.js", "node_modules/b.js"], catalog.Images.Single().Files.Select(f => f.Path));
        Assert.Equal(
            "images/app/.dockerignore line 2: kaniko sends node_modules/a.js (and 1 more) although Docker would not: pattern '**/node_modules'; the hash follows kaniko",
            Assert.Single(catalog.Warnings));
    }

    [Fact]
    public void Images_sharing_one_ignore_text_each_get_their_own_verdicts_and_warnings()
    {
        // One compiled .dockerignore serves both images (same text); what each listing finds stays its own.
        using var repo = new ImageRepo();
        foreach (var image in new[] { "a", "b" })
        {
            repo.Write($"images/{image}/Dockerfile", "FROM alpine\nCOPY . /\n");
            repo.Write($"images/{image}/.dockerignore", "**/node_modules\n*.tmp\n");
            repo.Write($"images/{image}/x.tmp", "x");
        }

        repo.Write("images/a/node_modules/a.js", "x");
        repo.Write("images/b/keep.js", "x");

        var catalog = repo.Load();

        Assert.Equal([".dockerignore", "Dockerfile", "node_modules/a.js"], catalog.Images.Single(i => i.Name == "a").Files.Select(f => f.Path));
        Assert.Equal([".dockerignore", "Dockerfile", "keep.js"], catalog.Images.Single(i => i.Name == "b").Files.Select(f => f.Path));
        Assert.Equal(
            "images/a/.dockerignore line 1: kaniko sends node_modules/a.js although Docker would not: pattern '**/node_modules'; the hash follows kaniko",
            Assert.Single(catalog.Warnings));
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

    [Fact]
    public void In_configmap_mode_the_context_is_exactly_the_hashed_files_and_kaniko_filters_them_no_further()
    {
        using var repo = new ImageRepo();
        repo.Write("images/app/image.yaml", "contextMode: configmap\n");
        repo.Write("images/app/Dockerfile", "FROM alpine\nCOPY . /\n");
        repo.Write("images/app/Dockerfile.dockerignore", "Dockerfile.dockerignore\nsecret\nimage.yaml\n");
        repo.Write("images/app/.dockerignore", "*\n");
        repo.Write("images/app/secret", "x");
        repo.Write("images/app/app.txt", "x");
        var catalog = repo.Load();

        var manifest = ManifestGenerator.Generate(catalog, repo.Path, new FixedSources(null), new ManifestOptions(false)).Manifest.Text();

        var documents = KubernetesYaml.LoadAllFromString(manifest);
        var job = documents.OfType<V1Job>().Single();
        var volume = job.Spec.Template.Spec.Volumes.Single(v => v.Name == ContextConfigMapBuilder.VolumeName).ConfigMap;
        var configMap = documents.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == volume.Name);
        var items = volume.Items.ToDictionary(i => i.Path, i => configMap.Data[i.Key]);
        Assert.Equal(["context/.dockerignore", "context/Dockerfile", "context/app.txt", "dockerfile/Dockerfile", "dockerfile/Dockerfile.dockerignore"], items.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("", items["dockerfile/Dockerfile.dockerignore"]);
        Assert.Contains("--dockerfile=/workspace/dockerfile/Dockerfile", job.Spec.Template.Spec.Containers.Single(c => c.Name == "kaniko").Args);
    }

    [Fact]
    public void A_context_of_only_the_Dockerfile_and_its_own_ignore_file_travels_in_a_configmap_by_default()
    {
        using var repo = new ImageRepo();
        repo.Write("images/app/Dockerfile", "FROM alpine\n");
        repo.Write("images/app/Dockerfile.dockerignore", "*\n!Dockerfile*\n");
        repo.Write("images/app/notes.txt", "x");

        var image = repo.Image("app");

        Assert.Equal(["Dockerfile", "Dockerfile.dockerignore"], image.Files.Select(f => f.Path));
        Assert.Equal(KanikoImages.Images.ContextMode.ConfigMap, ContextModes.Resolve(image));
    }

    public sealed record Case(string Patterns, string Path, bool Kaniko, bool? Docker = null);
}
