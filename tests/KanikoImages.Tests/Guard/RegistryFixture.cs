using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Guard;

/// <summary>
/// The registries the guard tests share, started on first use: one open (plain HTTP, no auth) and one behind
/// htpasswd basic auth, plus a small OCI image (umoci) to push into them. Stopped when the tests are done.
/// </summary>
public sealed class RegistryFixture : IDisposable
{
    public const string User = "builder";

    public const string Password = "correct horse";

    private readonly TempDirectory folder = new();
    private readonly Lazy<LocalRegistry> open;
    private readonly Lazy<LocalRegistry> secured;
    private readonly Lazy<string> image;

    public RegistryFixture()
    {
        open = new(() => LocalRegistry.Start(Path.Combine(folder.Path, "open")));
        secured = new(() => LocalRegistry.Start(Path.Combine(folder.Path, "secured"), (User, Password)));
        image = new(CreateImage);
    }

    /// <summary>The registry without auth (the calling test skips, or fails in CI, without the packages).</summary>
    public LocalRegistry Open => Started(open);

    /// <summary>The registry with the account <see cref="User"/> / <see cref="Password"/>.</summary>
    public LocalRegistry Secured => Started(secured);

    /// <summary>An OCI image layout holding a small image tagged latest.</summary>
    public string ImageLayout => image.Value;

    public void Dispose()
    {
        foreach (var registry in new[] { open, secured }.Where(r => r.IsValueCreated))
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
