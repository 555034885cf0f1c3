using System.Text;
using KanikoImages.Images;
using KanikoImages.Tests.Support;
using KanikoImages.Tests.Validation;

namespace KanikoImages.Tests.Hostile;

/// <summary>
/// YAML built to exhaust the readers (issue 21): deep nesting, alias bombs, invalid UTF-8, lines of gigabytes.
/// Each runs the real Build.dll with a capped heap, so a regression is a failed test, not a killed test host.
/// </summary>
public sealed class HostileYamlTests : IDisposable
{
    /// <summary>8 lines, about 10^8 nodes when expanded (the issue's bomb).</summary>
    internal const string AliasBomb =
        "bomb:\n" +
        "  a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n" +
        "  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n" +
        "  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n" +
        "  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n" +
        "  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n" +
        "  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n" +
        "  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";

    private readonly TempDirectory _repo = new();

    public HostileYamlTests()
    {
        _repo.Write("images.yaml", "registry: registry.example.com/team\n");
        _repo.Write("images/app/Dockerfile", "FROM alpine:3.20\n");
    }

    public void Dispose() => _repo.Dispose();

    /// <summary>100,000 levels in 200 KB: "[[[[...]]]]".</summary>
    internal static string Deep(int levels) => new string('[', levels) + new string(']', levels) + "\n";

    [Theory]
    [InlineData("images/app/image.yaml", "tags: ")]
    [InlineData("images.yaml", "registry: registry.example.com/team\nexternal:\n  secrets: ")]
    public void Nesting_100000_levels_deep_is_refused_with_the_file_and_line(string file, string prefix)
    {
        _repo.Write(file, prefix + Deep(100_000));

        var result = Run("HashImages");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{file}:", result.Output);
        Assert.Contains("nested more than 500 levels deep", result.Output);
        AssertNoTrace(result);
    }

    [Fact]
    public void An_alias_bomb_in_image_yaml_is_refused()
    {
        _repo.Write("images/app/image.yaml", "tags: [\"1.0\"]\n" + AliasBomb.Replace("bomb:", "labels:"));

        var result = Run("HashImages");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("images/app/image.yaml:", result.Output);
        Assert.Contains("aliases expand to more than", result.Output);
    }

    [Fact]
    public void An_alias_bomb_appended_to_the_manifest_is_refused_by_Validate_within_a_small_heap()
    {
        Generate();
        File.AppendAllText(Manifest, "---\n" + AliasBomb);

        var result = Run("Validate", "--exclusive");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"deploy/manifest\.yaml.*aliases expand to more than 100,000 nodes", result.Output);
        AssertNoTrace(result);
    }

    [Fact]
    public void A_manifest_nested_100000_levels_deep_is_refused_by_Validate()
    {
        Generate();
        File.AppendAllText(Manifest, "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata: " + Deep(100_000));

        var result = Run("Validate", "--exclusive");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"deploy/manifest\.yaml.*nested more than 500 levels deep", result.Output);
        AssertNoTrace(result);
    }

    [Fact]
    public void A_manifest_nested_100_levels_deep_gets_a_schema_finding_not_a_serializer_message()
    {
        Generate();
        var deep = new string('[', 100) + new string(']', 100);
        File.AppendAllText(Manifest, $"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: {deep}\n");

        var result = Run("Validate", "--exclusive");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ConfigMap/deep", result.Output);
        Assert.DoesNotContain("could not be serialized", result.Output);
        AssertNoTrace(result);
    }

    [Fact]
    public void A_manifest_line_of_2_GB_is_refused_naming_the_file_and_GenerateManifests_still_regenerates_it()
    {
        Generate();
        using (var stream = new FileStream(Manifest, FileMode.Append))
        {
            stream.Write("---\ndata: "u8);
            stream.SetLength(stream.Length + (2L << 30)); // sparse: a line of 2 GiB of NUL characters
        }

        var validate = Run("Validate", "--exclusive");
        var generate = Run("GenerateManifests");

        Assert.Equal(1, validate.ExitCode);
        Assert.Contains("deploy/manifest.yaml: line", validate.Output);
        Assert.Contains("longer than 16,777,216 characters", validate.Output);
        AssertNoTrace(validate);
        Assert.Equal(0, generate.ExitCode);
        Assert.True(new FileInfo(Manifest).Length < 1 << 20);
    }

    [Fact]
    public void Invalid_UTF8_in_image_yaml_is_refused_instead_of_replaced()
    {
        var bytes = Encoding.UTF8.GetBytes("labels:\n  team: a").Concat(new byte[] { 0xff, 0xfe }).Concat("b\n"u8.ToArray()).ToArray();
        File.WriteAllBytes(Path.Combine(_repo.Path, "images/app/image.yaml"), bytes);

        var error = Assert.Throws<CatalogException>(() => CatalogLoader.Load(_repo.Path, new Dictionary<string, string>(), new Dictionary<string, string>())).Message;

        Assert.Contains("images/app/image.yaml: malformed YAML: the file is not valid UTF-8", error);
    }

    [Fact]
    public void Invalid_UTF8_in_the_manifest_is_refused_naming_the_file()
    {
        Generate();
        File.AppendAllBytes(Manifest, [.. "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: \""u8, 0xc3, 0x28, .. "\"\n"u8]);

        var result = Run("Validate", "--exclusive");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("deploy/manifest.yaml: is not valid UTF-8", result.Output);
    }

    [Fact]
    public void A_syntax_error_in_images_yaml_is_not_followed_by_a_spurious_registry_error()
    {
        _repo.Write("images.yaml", "registry: [registry.example.com/team\n");

        var error = Assert.Throws<CatalogException>(() => CatalogLoader.Load(_repo.Path, new Dictionary<string, string>(), new Dictionary<string, string>())).Message;

        Assert.Contains("images.yaml:", error);
        Assert.Contains("malformed YAML", error);
        Assert.DoesNotContain("'registry' is not set", error);
    }

    private string Manifest => Path.Combine(_repo.Path, "deploy", "manifest.yaml");

    private void Generate() => KanikoManifest.Write(_repo.Path, CatalogLoader.Load(_repo.Path, new Dictionary<string, string>(), new Dictionary<string, string>()));

    internal static void AssertNoTrace(ProcessResult result)
    {
        Assert.DoesNotContain("   at ", result.Output);
        Assert.DoesNotContain("Exception", result.Output);
        Assert.DoesNotContain("Stack overflow", result.Output);
    }

    /// <summary>The real build with a 512 MiB heap: an unbounded reader fails instead of taking the machine's memory.</summary>
    private ProcessResult Run(params string[] arguments) => ProcessResult.Run(
        "dotnet",
        [Paths.BuildDll, .. arguments, "--working", _repo.Path],
        environment: new Dictionary<string, string?> { ["DOTNET_GCHeapHardLimit"] = "0x20000000" },
        timeout: TimeSpan.FromSeconds(60));
}
