using System.IO.Enumeration;
using KanikoImages.Images.Hashing;

namespace KanikoImages.Images.Discovery;

/// <summary>One folder under images/ that defines an image.</summary>
/// <param name="FullPath">Absolute path of the folder.</param>
/// <param name="Folder">Repository-relative, e.g. "images/python-app".</param>
/// <param name="Name">The DNS-1123 label the image's resources are named by.</param>
/// <param name="Repository">The image repository under the registry prefix.</param>
/// <param name="FolderTag">The tag of an "images/name:tag" folder.</param>
internal sealed record ImageFolder(string FullPath, string Folder, string Name, string Repository, string? FolderTag);

/// <summary>
/// Finds the images: every folder directly under images/ holding a Dockerfile (or an image.yaml naming one).
/// A folder with neither is skipped with a warning (it may hold files other images COPY); a folder holding a
/// wrongly-cased "dockerfile" is an error, since Linux (and kaniko) would not find it.
/// </summary>
internal static class ImageFolders
{
    public const string ImagesFolder = "images";
    public const string DockerfileName = "Dockerfile";

    public static List<ImageFolder> Find(string repositoryRoot, ErrorList errors, List<string> warnings)
    {
        // images/ and each image folder may be symlinks, as long as every hop stays inside the repository.
        var images = RealPaths.Resolve(repositoryRoot, repositoryRoot, ImagesFolder, out var problem);
        if (images is null)
        {
            errors.Add(ImagesFolder + "/", $"is a symlink: {problem}");
            return [];
        }

        if (!Directory.Exists(images))
        {
            errors.Add(ImagesFolder + "/", "not found: the repository needs an images/ folder with one sub-folder per image");
            return [];
        }

        // Each folder is listed to see whether it defines an image: on both cores, each into its own slot, so the
        // images and warnings keep the folders' order (errors are sorted when reported).
        var children = Names(images, directories: true).Where(c => !c.StartsWith('.')).Order(StringComparer.Ordinal).ToList();
        var described = new ImageFolder?[children.Count];
        var childWarnings = new List<string>[children.Count];
        Parallel.For(0, children.Count, i => described[i] = Check(repositoryRoot, images, children[i], errors, childWarnings[i] = []));
        warnings.AddRange(childWarnings.SelectMany(w => w));
        var found = described.OfType<ImageFolder>().ToList();

        foreach (var clash in found.GroupBy(f => f.Name).Where(g => g.Count() > 1))
        {
            errors.Add(
                clash.First().Folder,
                $"maps to the Kubernetes name '{clash.Key}' like {string.Join(", ", clash.Skip(1).Select(f => f.Folder))}; rename one of them");
        }

        return found;
    }

    /// <summary>The image that folder images/<paramref name="child"/> defines; null when it defines none or has errors.</summary>
    private static ImageFolder? Check(string repositoryRoot, string images, string child, ErrorList errors, List<string> warnings)
    {
        var relative = $"{ImagesFolder}/{child}";
        if (RealPaths.Resolve(repositoryRoot, images, child, out var problem) is not { } real)
        {
            errors.Add(relative, $"is a symlink: {problem}");
            return null;
        }

        var names = Names(real, directories: false);
        if (!names.Contains(DockerfileName, StringComparer.Ordinal) && !names.Contains(ImageOptions.FileName, StringComparer.Ordinal))
        {
            if (names.FirstOrDefault(n => n.Equals(DockerfileName, StringComparison.OrdinalIgnoreCase)) is { } miscased)
            {
                errors.Add($"{relative}/{miscased}", $"must be named exactly '{DockerfileName}' (kaniko on Linux does not find '{miscased}')");
            }
            else
            {
                warnings.Add($"{relative}: no {DockerfileName}, skipped");
            }

            return null;
        }

        return Describe(new DirectoryInfo(real), relative, errors, warnings);
    }

    /// <summary>
    /// The names of a folder's sub-folders (symlinks to folders included) or of its other entries, as EnumerateDirectories
    /// and EnumerateFiles give them, without the object and lstat per entry that those make.
    /// </summary>
    private static List<string> Names(string folder, bool directories) =>
        new FileSystemEnumerable<string>(folder, (ref FileSystemEntry entry) => entry.FileName.ToString(), new EnumerationOptions { AttributesToSkip = 0 })
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => entry.IsDirectory == directories,
        }.ToList();

    private static ImageFolder? Describe(DirectoryInfo folder, string relative, ErrorList errors, List<string> warnings)
    {
        // The original project's layout: images/<name>:<tag>/. It works, but ':' cannot be checked out on Windows.
        var folderName = relative[(ImagesFolder.Length + 1)..];
        var colon = folderName.IndexOf(':');
        var baseName = colon < 0 ? folderName : folderName[..colon];
        string? tag = null;
        if (colon >= 0)
        {
            tag = folderName[(colon + 1)..];
            warnings.Add($"{relative}: ':' in a folder name breaks Windows checkouts; prefer images/{baseName}/ with 'tags: [{tag}]' in image.yaml");
            try
            {
                Configuration.SettingValues.Tag(tag);
            }
            catch (FormatException e)
            {
                errors.Add(relative, $"folder tag {e.Message}");
                return null;
            }
        }

        var repository = KubernetesName.FromFolder(baseName);
        var name = KubernetesName.FromFolder(tag is null ? baseName : $"{baseName}-{tag}");
        if (repository is null || name is null)
        {
            errors.Add(relative, "cannot be made a Kubernetes name (DNS-1123 label): use letters or digits in the folder name");
            return null;
        }

        return new ImageFolder(folder.FullName, relative, name, repository, tag);
    }
}
