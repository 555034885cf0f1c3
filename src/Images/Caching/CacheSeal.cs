using System.Security.Cryptography;
using System.Text;

namespace KanikoImages.Images.Caching;

/// <summary>
/// Signs and checks the files under .tools/cache/ with a key that never lives in a repository: the repository being
/// worked on is hostile, and a cache file it ships (committed, or in an archive) could otherwise claim a wrong
/// digest or a "valid" verdict. A file is used only when its HMAC-SHA256, over its kind, the tool version that
/// wrote it and its body, checks out with this user's key; anything else reads as no cache at all.
/// </summary>
public sealed class CacheSeal
{
    /// <summary>The MAC in front of a sealed file's body.</summary>
    public const int MacLength = 32;
    private const int KeyLength = 32;

    private readonly byte[] _key;

    public CacheSeal(byte[] key) => _key = key;

    /// <summary>
    /// This user's key, in $XDG_CACHE_HOME/kaniko-k8s-images/cache-key (~/.cache when unset; LocalApplicationData on
    /// Windows), made on first use, readable by the user only. Null when it cannot be read or made, or when others
    /// could read it: then nothing is cached.
    /// </summary>
    public static CacheSeal? ForUser()
    {
        try
        {
            var home = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg)
                ? xdg
                : OperatingSystem.IsWindows()
                    ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                    : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            if (home.Length == 0)
            {
                return null;
            }

            var folder = Path.Combine(home, "kaniko-k8s-images");
            var path = Path.Combine(folder, "cache-key");
            if (!File.Exists(path))
            {
                Create(folder, path);
            }

            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            {
                return null;
            }

            var key = File.ReadAllBytes(path);
            return key.Length == KeyLength ? new CacheSeal(key) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void Create(string folder, string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // CreateNew: of two first runs at once, one makes the key and the other reads it (or, mid-write, caches nothing).
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(RandomNumberGenerator.GetBytes(KeyLength));
        }
        catch (IOException) when (File.Exists(path))
        {
        }
    }

    /// <summary>
    /// The builds (module version ids) of the assemblies holding <paramref name="types"/>, joined by NUL: the part of a
    /// cache's version that names the code whose results it holds, so a rebuilt tool never reads an older one's file.
    /// </summary>
    public static string Builds(params Type[] types) =>
        string.Join('\0', types.Select(t => t.Assembly.ManifestModule.ModuleVersionId.ToString("N")));

    /// <summary>The file's bytes: the MAC, then the body.</summary>
    /// <param name="kind">What the cache holds ("file-digests"), so one cache's file never reads as another's.</param>
    /// <param name="version">The version of the code whose results the body holds.</param>
    public byte[] Seal(string kind, string version, ReadOnlySpan<byte> body)
    {
        var file = new byte[MacLength + body.Length];
        Mac(kind, version, body, file.AsSpan(0, MacLength));
        body.CopyTo(file.AsSpan(MacLength));
        return file;
    }

    /// <summary>Seals a file whose body is already in place after <see cref="MacLength"/> bytes left for the MAC (no copy of a large body).</summary>
    public void SealInPlace(string kind, string version, byte[] file) =>
        Mac(kind, version, file.AsSpan(MacLength), file.AsSpan(0, MacLength));

    /// <summary>The body of a file <see cref="Seal"/> wrote for this kind and version with this key; null for anything else.</summary>
    public ReadOnlyMemory<byte>? Open(string kind, string version, byte[] file)
    {
        if (file.Length < MacLength)
        {
            return null;
        }

        Span<byte> mac = stackalloc byte[MacLength];
        Mac(kind, version, file.AsSpan(MacLength), mac);
        return CryptographicOperations.FixedTimeEquals(mac, file.AsSpan(0, MacLength)) ? file.AsMemory(MacLength) : (ReadOnlyMemory<byte>?)null;
    }

    private void Mac(string kind, string version, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(Encoding.UTF8.GetBytes($"kaniko-k8s-images cache\0{kind}\0{version}\0"));
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }
}
