using System.Diagnostics;
using System.Text;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Hostile;

/// <summary>
/// Generated hostile image.yaml, images.yaml, .dockerignore and manifest inputs (fixed seed, a bounded number of
/// cases) through the real Build.dll: each run ends with exit code 0 or 1 in bounded time, a failure names a file
/// or option and shows no stack trace, and a failed run leaves deploy/ as it was.
/// </summary>
public sealed class HostileInputFuzzTests : IDisposable
{
    private const int CasesPerInput = 4;

    private static readonly string[] Fragments =
    [
        "tags: [", "tags:\n  - ", "buildArgs:\n  ", "labels:\n  ", "resources:\n  limits:\n    memory: ", "target: ", "timeout: ",
        "contextMode: ", "registry: ", "git:\n  branch: ", "kaniko:\n  image: ", "external:\n  secrets: ", "&a ", "*a", "*b", "<<: *a",
        "!!binary ", "!custom ", "? ", "- ", ": ", "{", "}", "[", "]", ",", "\"", "'", "|", ">-", "#", "\t", "\r", "\n", "\n  ",
        "---\n", "...\n", "~", "null", "1e1000000", "99999999999999999999Gi", "0x1F", "-1", "\u001B", "\f", "\u0085", "\u2028",
        "\uFEFF", "é", "😀", "app.kubernetes.io/instance", "kaniko-k8s-images/image", "A", "a-b", "1BAD", "main#x", "..",
    ];

    private readonly TempDirectory _repo = new();
    private readonly Random _random = new(2121);

    public HostileInputFuzzTests()
    {
        _repo.Write("images.yaml", "registry: registry.example.com/team\n");
        _repo.Write("images/app/Dockerfile", "FROM alpine:3.20\nCOPY . /app\n");
        _repo.Write("images/app/data.txt", "hello\n");
        _repo.Write("images/app/image.yaml", "contextMode: configmap\n");
        var generated = Run("GenerateManifests");
        Assert.True(generated.ExitCode == 0, generated.Output);
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Generated_hostile_image_yaml() => Fuzz("images/app/image.yaml", "contextMode: configmap\n", YamlBytes, "GenerateManifests");

    [Fact]
    public void Generated_hostile_images_yaml() =>
        Fuzz("images.yaml", "registry: registry.example.com/team\n", () => [.. "registry: registry.example.com/team\n"u8, .. YamlBytes()], "GenerateManifests");

    [Fact]
    public void Generated_hostile_dockerignore() => Fuzz("images/app/.dockerignore", "", IgnoreBytes, "GenerateManifests");

    [Fact]
    public void Generated_hostile_manifest()
    {
        var manifest = File.ReadAllText(Path.Combine(_repo.Path, "deploy", "manifest.yaml"));
        Fuzz("deploy/manifest.yaml", manifest, () => [.. Encoding.UTF8.GetBytes(manifest), .. "---\n"u8, .. YamlBytes()], "Validate", "--exclusive");
    }

    private void Fuzz(string file, string original, Func<byte[]> generate, params string[] task)
    {
        var path = Path.Combine(_repo.Path, file);
        for (var i = 0; i < CasesPerInput; i++)
        {
            var input = generate();
            File.WriteAllBytes(path, input);
            var deploy = Deploy();

            var watch = Stopwatch.StartNew();
            var result = Run(task);

            var what = $"case {i} of {file}:\n{Encoding.UTF8.GetString(input[..Math.Min(input.Length, 2000)])}\n--- output:\n{result.Output}";
            Assert.True(result.ExitCode is 0 or 1, what);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), what);
            Assert.DoesNotContain("   at ", result.Output);
            Assert.DoesNotContain("Exception", result.Output);
            if (result.ExitCode == 1)
            {
                Assert.True(
                    new[] { "images.yaml", "image.yaml", ".dockerignore", "deploy/manifest.yaml", "images/app", "--" }.Any(result.Output.Contains),
                    what);
                if (file != "deploy/manifest.yaml")
                {
                    Assert.Equal(deploy, Deploy());
                }
            }

            File.WriteAllText(path, original);
        }
    }

    /// <summary>Random YAML-ish text: fragments, sometimes deep nesting, an alias bomb, or invalid UTF-8.</summary>
    private byte[] YamlBytes()
    {
        var text = new StringBuilder();
        for (var n = _random.Next(1, 30); n > 0; n--)
        {
            text.Append(Fragments[_random.Next(Fragments.Length)]);
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        return _random.Next(6) switch
        {
            0 => Encoding.UTF8.GetBytes("x: " + HostileYamlTests.Deep(_random.Next(100, 5000))),
            1 => Encoding.UTF8.GetBytes(HostileYamlTests.AliasBomb.Replace("bomb:", Fragments[_random.Next(12)].Split(':')[0] + ":")),
            2 => [.. bytes, 0xff, 0xc3, .. bytes],
            _ => bytes,
        };
    }

    /// <summary>Random .dockerignore lines: globs, negations, escapes, odd bytes.</summary>
    private byte[] IgnoreBytes()
    {
        string[] parts = ["*", "**", "?", "/", "!", "[", "]", "[a-z]", "\\", ".", "..", "a", "data.txt", "Dockerfile", " ", "#", "\r", "é", "\u0000"];
        var lines = new StringBuilder();
        for (var line = _random.Next(1, 8); line > 0; line--)
        {
            for (var n = _random.Next(1, 8); n > 0; n--)
            {
                lines.Append(parts[_random.Next(parts.Length)]);
            }

            lines.Append('\n');
        }

        return Encoding.UTF8.GetBytes(lines.ToString());
    }

    /// <summary>deploy/'s files and their bytes.</summary>
    private Dictionary<string, string> Deploy() =>
        Directory.EnumerateFiles(Path.Combine(_repo.Path, "deploy"), "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, f => Convert.ToBase64String(File.ReadAllBytes(f)));

    private ProcessResult Run(params string[] task) => ProcessResult.Run(
        "dotnet",
        [Paths.BuildDll, .. task, "--working", _repo.Path],
        environment: new Dictionary<string, string?> { ["DOTNET_GCHeapHardLimit"] = "0x20000000" },
        timeout: TimeSpan.FromSeconds(60));
}
