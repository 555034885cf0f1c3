using KanikoImages.Build.Host;
using System.Security.Cryptography;
using System.Text;
using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Path = System.IO.Path;
using Cake.Core.Tooling;
using k8s;
using k8s.Models;
using KanikoImages.Build.Tools.Git;
using KanikoImages.Manifests;
using KanikoImages.Publishing;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Publishing;

/// <summary>
/// A real bare remote (branch main) seeded with two images and their manifest, and clones of it, all in a temp
/// folder. git runs with no global or system configuration: nothing may depend on a machine's git identity.
/// </summary>
public sealed class GitRemote : IDisposable
{
    private static readonly Dictionary<string, string?> Isolated = new()
    {
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
    };

    private readonly TempDirectory _temp = new();
    private int _clones;

    static GitRemote()
    {
        // Also for the git the product runs (it inherits this process's environment).
        foreach (var (key, value) in Isolated)
        {
            Environment.SetEnvironmentVariable(key, value);
        }
    }

    public GitRemote()
    {
        Bare = Path.Combine(_temp.Path, "remote.git");
        Git(_temp.Path, "init", "--quiet", "--bare", "--initial-branch=main", Bare);
        Git(Bare, "config", "receive.denyNonFastForwards", "true");
        var seed = Clone();
        WriteImage(seed, "alpha", "FROM busybox:1.36\n");
        WriteImage(seed, "beta", "FROM alpine:3.20\n");
        TestManifest.Write(seed);
        Git(seed, "add", "--all");
        Git(seed, "commit", "--quiet", "-m", "Seed images and manifest");
        Git(seed, "push", "--quiet", "origin", "HEAD:refs/heads/main");
    }

    public string Bare { get; }

    public string Clone()
    {
        var clone = Path.Combine(_temp.Path, $"clone{Interlocked.Increment(ref _clones)}");
        Git(_temp.Path, "clone", "--quiet", Bare, clone);
        return clone;
    }

    /// <summary>Runs git as a person would (test identity via the environment); a failure fails the test.</summary>
    public static string Git(string directory, params string[] arguments)
    {
        var result = TryGit(directory, arguments);
        Assert.True(result.ExitCode == 0, $"git {string.Join(' ', arguments)} failed: {result.Output}");
        return result.StandardOutput.Trim();
    }

    public static ProcessResult TryGit(string directory, params string[] arguments) =>
        ProcessResult.Run(
            "git",
            arguments,
            directory,
            new Dictionary<string, string?>(Isolated)
            {
                ["GIT_AUTHOR_NAME"] = "Test Person",
                ["GIT_AUTHOR_EMAIL"] = "person@example.test",
                ["GIT_COMMITTER_NAME"] = "Test Person",
                ["GIT_COMMITTER_EMAIL"] = "person@example.test",
            });

    public string Head() => Git(Bare, "rev-parse", "refs/heads/main");

    public static void WriteImage(string clone, string image, string dockerfile)
    {
        Directory.CreateDirectory(Path.Combine(clone, "images", image));
        File.WriteAllText(Path.Combine(clone, "images", image, "Dockerfile"), dockerfile);
    }

    /// <summary>Changes an image and commits it locally (not pushed).</summary>
    public static void CommitImage(string clone, string image, string dockerfile)
    {
        WriteImage(clone, image, dockerfile);
        Git(clone, "add", "--all", "images");
        Git(clone, "commit", "--quiet", "-m", $"Change image {image}");
    }

    /// <summary>Changes an image, commits it and pushes it to main, as a merged pull request does.</summary>
    public static void MergeImage(string clone, string image, string dockerfile)
    {
        CommitImage(clone, image, dockerfile);
        Git(clone, "push", "--quiet", "origin", "HEAD:refs/heads/main");
    }

    /// <summary>The build's Cake git implementation on <paramref name="clone"/>.</summary>
    public static GitRepository Repository(string clone) => new(CakeGit(), clone);

    /// <summary>A publisher on <paramref name="clone"/> driving the build's Cake git implementation.</summary>
    public static Publisher Publisher(
        string clone,
        List<string>? log = null,
        IManifestRegenerator? regenerator = null) =>
        new(
            Repository(clone),
            new TestManifest.Gate(clone),
            regenerator ?? new TestManifest.Regenerator(clone),
            message =>
            {
                if (log is not null)
                {
                    lock (log)
                    {
                        log.Add(message);
                    }
                }
            });

    public static PublishOptions Options(string branch = "main") => new() { Branch = branch, RetryDelay = TimeSpan.Zero };

    public void Dispose() => _temp.Dispose();

    /// <summary>The Cake git tool as the build host constructs it: tool locator, process runner, no log.</summary>
    internal static GitRunner CakeGit()
    {
        var services = new CakeServices(new CakeEnvironment(new CakePlatform(), new CakeRuntime()), new NullLog());
        return new GitRunner(services.FileSystem, services.Environment, services.ProcessRunner, services.Tools);
    }
}

/// <summary>
/// The tests' stand-in for the manifest stage: one Job per images/&lt;name&gt;/Dockerfile, labelled with the
/// image and annotated with the Dockerfile's sha256, serialized by KubernetesClient.
/// </summary>
public static class TestManifest
{
    public static string Render(string root)
    {
        var hashes = Directory.EnumerateDirectories(Path.Combine(root, "images"))
            .Select(folder => Path.GetFileName(folder))
            .Order(StringComparer.Ordinal)
            .ToDictionary(image => image, image => Convert.ToHexStringLower(
                SHA256.HashData(File.ReadAllBytes(Path.Combine(root, "images", image, "Dockerfile")))));

        // A shared resource listing every image, like a real manifest's: two image changes touch adjacent lines.
        var index = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = "image-index" },
            Data = hashes,
        };
        var jobs = hashes.Select(image => new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = $"build-{image.Key}-{image.Value[..12]}",
                Labels = new Dictionary<string, string> { [ManifestConventions.ImageLabel] = image.Key },
                Annotations = new Dictionary<string, string> { [ManifestConventions.ContentHashAnnotation] = image.Value },
            },
        });
        return string.Concat(new object[] { index }.Concat(jobs).Select(resource => "---\n" + KubernetesYaml.Serialize(resource) + "\n"));
    }

    public static void Write(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "deploy"));
        File.WriteAllText(Path.Combine(root, ManifestConventions.ManifestPath), Render(root), new UTF8Encoding(false));
    }

    /// <summary>A stale-manifest gate: deploy/manifest.yaml must be exactly what images/ generates.</summary>
    public sealed class Gate(string root) : IPublishGate
    {
        public IReadOnlyList<string> Check() =>
            File.ReadAllText(Path.Combine(root, ManifestConventions.ManifestPath)) == Render(root)
                ? []
                : [$"{ManifestConventions.ManifestPath}: stale, it does not match images/"];

        public string SourceOf(string path) => Path.Combine(root, path);
    }

    public sealed class Regenerator(string root) : IManifestRegenerator
    {
        public void Regenerate() => Write(root);
    }
}

/// <summary>A TCP server on 127.0.0.1 that accepts every connection and never sends a byte: a hung remote.</summary>
public sealed class SilentServer : IDisposable
{
    private readonly System.Net.Sockets.TcpListener _listener = new(System.Net.IPAddress.Loopback, 0);
    private readonly List<System.Net.Sockets.TcpClient> _held = [];

    public SilentServer()
    {
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                try
                {
                    var client = await _listener.AcceptTcpClientAsync();
                    lock (_held)
                    {
                        _held.Add(client);
                    }
                }
                catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
                {
                    return;
                }
            }
        });
    }

    /// <summary>A git:// URL of a repository on this server.</summary>
    public string GitUrl => $"git://127.0.0.1:{((System.Net.IPEndPoint)_listener.LocalEndpoint).Port}/team/images.git";

    public void Dispose()
    {
        _listener.Stop();
        lock (_held)
        {
            _held.ForEach(client => client.Dispose());
        }
    }
}
