using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Guard;

/// <summary>
/// A real OCI registry (Debian's docker-registry) on 127.0.0.1 and a free port, optionally behind htpasswd
/// basic auth, optionally serving HTTPS with a given certificate; stopped by its process id on dispose.
/// </summary>
public sealed class LocalRegistry : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder log = new();
    private readonly (string User, string Password)? account;

    private LocalRegistry(string folder, (string User, string Password)? account, (string Certificate, string Key)? tls)
    {
        this.account = account;
        Host = "127.0.0.1:" + FreePort();
        var config = Path.Combine(folder, "config.yml");
        File.WriteAllText(config, Config(folder, Host, account, tls));

        var info = new ProcessStartInfo("docker-registry", ["serve", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        WaitUntilServing();
    }

    /// <summary>host:port, as it appears in image references.</summary>
    public string Host { get; }

    /// <summary>Starts a registry storing its data under <paramref name="folder"/>.</summary>
    /// <param name="tls">PEM certificate and key files to serve HTTPS with; null: plain HTTP.</param>
    public static LocalRegistry Start(string folder, (string User, string Password)? account = null, (string Certificate, string Key)? tls = null)
    {
        Directory.CreateDirectory(folder);
        return new LocalRegistry(folder, account, tls);
    }

    /// <summary>Pushes the OCI layout's image as repository:tag (with the registry's account when it has one).</summary>
    public string Push(string ociLayout, string repositoryAndTag)
    {
        var reference = $"{Host}/{repositoryAndTag}";
        string[] credentials = account is { } a ? ["--dest-creds", $"{a.User}:{a.Password}"] : [];
        var push = ProcessResult.Run(
            "skopeo",
            ["copy", "--dest-tls-verify=false", .. credentials, $"oci:{ociLayout}:latest", "docker://" + reference]);
        Assert.True(push.ExitCode == 0, $"skopeo could not push {reference}:\n{push.Output}");
        return reference;
    }

    /// <summary>A free TCP port on 127.0.0.1 (nothing listens on it once this returns).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        // Stop exactly the process this instance started, by its id.
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    /// <summary>The registry's config.yml, written as JSON (YAML's subset) so nothing is escaped by hand.</summary>
    private static string Config(string folder, string host, (string User, string Password)? account, (string Certificate, string Key)? tls)
    {
        var config = new Dictionary<string, object>
        {
            ["version"] = "0.1",
            ["log"] = new { level = "warn" },
            ["storage"] = new { filesystem = new { rootdirectory = Path.Combine(folder, "data") } },
            ["http"] = tls is { } t ? new { addr = host, tls = new { certificate = t.Certificate, key = t.Key } } : new { addr = host },
        };
        if (account is { } a)
        {
            // docker-registry accepts only bcrypt entries.
            var htpasswd = ProcessResult.Run("htpasswd", ["-Bbn", a.User, a.Password]);
            Assert.True(htpasswd.ExitCode == 0, htpasswd.Output);
            var file = Path.Combine(folder, "htpasswd");
            File.WriteAllText(file, htpasswd.StandardOutput.Trim() + "\n");
            config["auth"] = new { htpasswd = new { realm = "guard-tests", path = file } };
        }

        return JsonSerializer.Serialize(config);
    }

    private void WaitUntilServing()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                // 200 without auth, 401 with it, 400 over TLS: any answer means the registry serves.
                using var response = http.GetAsync($"http://{Host}/v2/").Result;
                return;
            }
            catch (AggregateException)
            {
                Thread.Sleep(100);
            }
        }

        Dispose();
        throw new InvalidOperationException($"docker-registry did not start on {Host}:\n{Log}");
    }

    private string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        lock (log)
        {
            log.AppendLine(line);
        }
    }
}
