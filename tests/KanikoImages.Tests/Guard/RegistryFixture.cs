using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Guard;

/// <summary>
/// The registries the guard tests share, started on first use: one open (plain HTTP, no auth), one behind
/// htpasswd basic auth and one serving HTTPS with a self-signed certificate made here with openssl, plus a small
/// OCI image (umoci) to push into them. Stopped when the tests are done.
/// </summary>
public sealed class RegistryFixture : IDisposable
{
    public const string User = "builder";

    public const string Password = "correct horse";

    private readonly TempDirectory folder = new();
    private readonly Lazy<LocalRegistry> open;
    private readonly Lazy<LocalRegistry> secured;
    private readonly Lazy<string> image;
    private readonly Lazy<LocalRegistry> https;

    public RegistryFixture()
    {
        open = new(() => LocalRegistry.Start(Path.Combine(folder.Path, "open")));
        secured = new(() => LocalRegistry.Start(Path.Combine(folder.Path, "secured"), (User, Password)));
        image = new(CreateImage);
        https = new(() =>
        {
            GuardTools.Require("openssl");
            return LocalRegistry.Start(Path.Combine(folder.Path, "https"), tls: CreateCertificate());
        });
    }

    /// <summary>The registry serving HTTPS with a self-signed certificate for 127.0.0.1 (<see cref="Certificate"/>).</summary>
    public LocalRegistry Https => Started(https);

    /// <summary>The HTTPS registry's certificate (PEM): self-signed, so it is its own CA.</summary>
    public string Certificate => Path.Combine(folder.Path, "tls", "certificate.pem");

    /// <summary>The registry without auth (the calling test skips, or fails in CI, without the packages).</summary>
    public LocalRegistry Open => Started(open);

    /// <summary>The registry with the account <see cref="User"/> / <see cref="Password"/>.</summary>
    public LocalRegistry Secured => Started(secured);

    /// <summary>An OCI image layout holding a small image tagged latest.</summary>
    public string ImageLayout => image.Value;

    public void Dispose()
    {
        foreach (var registry in new[] { open, secured, https }.Where(r => r.IsValueCreated))
        {
            registry.Value.Dispose();
        }

        folder.Dispose();
    }

    private static LocalRegistry Started(Lazy<LocalRegistry> registry)
    {
        GuardTools.Require();
        return registry.Value;
    }

    private (string Certificate, string Key) CreateCertificate()
    {
        var key = Path.Combine(folder.Path, "tls", "key.pem");
        Directory.CreateDirectory(Path.GetDirectoryName(key)!);
        var result = ProcessResult.Run(
            "openssl",
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", Certificate, "-days", "2",
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]);
        Assert.True(result.ExitCode == 0, $"openssl could not make the certificate:\n{result.Output}");
        return (Certificate, key);
    }

    private string CreateImage()
    {
        var layout = Path.Combine(folder.Path, "layout");
        foreach (string[] step in new[] { ["init", "--layout", layout], new[] { "new", "--image", layout + ":latest" } })
        {
            var result = ProcessResult.Run("umoci", step);
            Assert.True(result.ExitCode == 0, $"umoci {string.Join(' ', step)} failed:\n{result.Output}");
        }

        return layout;
    }
}
