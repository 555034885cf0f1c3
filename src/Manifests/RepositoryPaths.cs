namespace KanikoImages.Manifests;

/// <summary>Repository-relative paths as the catalog and git write them: '/', no "./", the root is "".</summary>
public static class RepositoryPaths
{
    public static string Normalize(string path)
    {
        var p = path.Replace('\\', '/').Trim('/');
        while (p.StartsWith("./", StringComparison.Ordinal))
        {
            p = p[2..];
        }

        return p == "." ? "" : p;
    }

    /// <summary>A path below a repository-relative folder.</summary>
    public static string Join(string folder, string path) => Normalize(folder) is { Length: > 0 } f ? f + "/" + path : path;
}
