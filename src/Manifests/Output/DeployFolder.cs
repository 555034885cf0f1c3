using System.Security.Cryptography;
using System.Text;

namespace KanikoImages.Manifests.Output;

/// <summary>
/// deploy/ holds only what GenerateManifests writes: Argo CD applies every YAML file of the folder, so anything
/// else there (an untracked Secret, a killed run's temp file, an editor's backup) would be deployed.
/// </summary>
public static class DeployFolder
{
    /// <summary>
    /// One message per entry of deploy/ under <paramref name="repositoryRoot"/> that is not one of
    /// <paramref name="generated"/> (repository-relative paths): other files, and links of any name.
    /// Links are never followed.
    /// </summary>
    public static IReadOnlyList<string> ForeignEntries(string repositoryRoot, IReadOnlyCollection<string> generated)
    {
        var problems = new List<string>();
        var top = Path.Combine(repositoryRoot, ManifestConventions.DeployFolder);
        var folder = new FileInfo(top);
        if (folder.LinkTarget is not null)
        {
            problems.Add($"{ManifestConventions.DeployFolder}: a symbolic link; it must be a folder holding only the generated files.");
            return problems;
        }

        if (Directory.Exists(top))
        {
            Walk(repositoryRoot, top, generated, problems);
        }

        return problems;
    }

    private static void Walk(string root, string folder, IReadOnlyCollection<string> generated, List<string> problems)
    {
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var path = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
            var what = entry.LinkTarget is not null ? "a symbolic link"
                : entry is DirectoryInfo ? null
                : generated.Contains(path) ? null
                : "not written by GenerateManifests";
            if (entry is DirectoryInfo && entry.LinkTarget is null)
            {
                Walk(root, entry.FullName, generated, problems);
            }
            else if (what is not null)
            {
                problems.Add(
                    $"{path}: {what}; {ManifestConventions.DeployFolder}/ holds only the generated files ({string.Join(", ", generated)}) " +
                    "because Argo CD applies everything in it. Remove it (Publish never commits it).");
            }
        }
    }

    /// <summary>SHA-256 over the generated files under <paramref name="root"/>: the same digest means the same deploy/.</summary>
    public static string Digest(string root)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in ManifestConventions.GeneratedPaths)
        {
            // The path separates the files: the same bytes in the other file are a different deploy/.
            sha.AppendData(Encoding.UTF8.GetBytes(file + "\0"));
            var full = Path.Combine(root, file);
            if (File.Exists(full))
            {
                using var stream = File.OpenRead(full);
                sha.AppendData(SHA256.HashData(stream));
            }
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
