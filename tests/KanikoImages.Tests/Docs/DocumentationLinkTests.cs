using System.Text.RegularExpressions;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Docs;

/// <summary>Every relative link in README.md and docs/*.md leads to a file of the repository, and to a heading of it when it names one.</summary>
public sealed partial class DocumentationLinkTests
{
    public static TheoryData<string> Pages() => new(
        new[] { "README.md" }.Concat(Directory.EnumerateFiles(Path.Combine(Paths.RepositoryRoot, "docs"), "*.md")
            .Select(file => Path.GetRelativePath(Paths.RepositoryRoot, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)));

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_resolves(string page)
    {
        var file = Path.Combine(Paths.RepositoryRoot, page);

        var broken = Links(File.ReadAllText(file))
            .Where(link => Problem(file, link) is not null)
            .Select(link => $"{link}: {Problem(file, link)}")
            .ToList();

        Assert.True(broken.Count == 0, $"{page}:\n{string.Join('\n', broken)}");
    }

    [Fact]
    public void A_missing_file_and_a_missing_heading_are_found()
    {
        using var folder = new TempDirectory();
        var page = folder.Write("docs/page.md", "# Page\n\n## Set up: on a fresh machine\n");
        folder.Write("README.md", "");

        Assert.Null(Problem(page, "../README.md"));
        Assert.Null(Problem(page, "#set-up-on-a-fresh-machine"));
        Assert.Null(Problem(page, "page.md#page"));
        Assert.NotNull(Problem(page, "missing.md"));
        Assert.NotNull(Problem(page, "#no-such-heading"));
        Assert.Equal(["a.md", "b.md#x"], Links("[a](a.md) `[c](c.md)` [web](https://example.com)\n```\n[d](d.md)\n```\n[b](b.md#x \"title\")\n"));
    }

    /// <summary>The link targets outside code, without web and mail links.</summary>
    private static List<string> Links(string markdown)
    {
        var prose = InlineCode().Replace(FencedCode().Replace(markdown.Replace("\r\n", "\n"), ""), "");
        return Link().Matches(prose)
            .Select(m => m.Groups["target"].Value)
            .Where(target => !Regex.IsMatch(target, "^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase))
            .ToList();
    }

    /// <summary>Why the link does not resolve from <paramref name="page"/>, or null when it does.</summary>
    private static string? Problem(string page, string link)
    {
        var hash = link.IndexOf('#');
        var (path, anchor) = hash < 0 ? (link, null) : (link[..hash], link[(hash + 1)..]);
        var target = path.Length == 0 ? page : Path.GetFullPath(Uri.UnescapeDataString(path), Path.GetDirectoryName(page)!);
        if (!File.Exists(target) && !Directory.Exists(target))
        {
            return $"{target} does not exist";
        }

        if (anchor is null || !target.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return Anchors(File.ReadAllText(target)).Contains(anchor) ? null : $"no heading #{anchor} in {target}";
    }

    /// <summary>GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens, repeats numbered.</summary>
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(FencedCode().Replace(markdown.Replace("\r\n", "\n"), "")))
        {
            var slug = Regex.Replace(heading.Groups["text"].Value.Trim().ToLowerInvariant(), @"[^\p{L}\p{Nd}\s_-]", "").Replace(' ', '-');
            var unique = slug;
            for (var n = 1; !anchors.Add(unique); n++)
            {
                unique = $"{slug}-{n}";
            }
        }

        return anchors;
    }

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"\[[^\]]*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();
}
