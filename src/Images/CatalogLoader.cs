using KanikoImages.Images.Caching;
using KanikoImages.Images.Configuration;
using KanikoImages.Images.Discovery;
using KanikoImages.Images.Hashing;

namespace KanikoImages.Images;

/// <summary>Reads images.yaml and images/ into an <see cref="ImageCatalog"/>.</summary>
public static class CatalogLoader
{
    /// <summary>Loads with executable bits from the file system (Windows has none: see the overload).</summary>
    /// <param name="repositoryRoot">Absolute path of the repository (holds images.yaml and images/).</param>
    /// <param name="arguments">Command-line build arguments (--name=value), by name.</param>
    /// <param name="environment">Environment variables, by name.</param>
    public static ImageCatalog Load(
        string repositoryRoot,
        IReadOnlyDictionary<string, string> arguments,
        IReadOnlyDictionary<string, string> environment) =>
        Load(repositoryRoot, arguments, environment, FileSystemExecutableBits.Instance, index: null);

    /// <param name="repositoryRoot">Absolute path of the repository (holds images.yaml and images/).</param>
    /// <param name="arguments">Command-line build arguments (--name=value), by name.</param>
    /// <param name="environment">Environment variables, by name.</param>
    /// <param name="executableBits">Where executable bits come from (the git index on Windows).</param>
    /// <param name="index">git's index, for git-mode images; null: hash the checkout as git would store it.</param>
    /// <param name="progress">Told of every image hashed.</param>
    /// <param name="digests">Digests of files hashed in earlier runs (<see cref="FileDigestCache"/>); null: read every file.</param>
    /// <exception cref="CatalogException">Every problem found, each naming its file.</exception>
    public static ImageCatalog Load(
        string repositoryRoot,
        IReadOnlyDictionary<string, string> arguments,
        IReadOnlyDictionary<string, string> environment,
        IExecutableBits executableBits,
        IGitIndex? index,
        IProgress<WorkProgress>? progress = null,
        FileDigestCache? digests = null)
    {
        // Real, so that every path below it can be checked hop by hop against it.
        var root = RealPaths.Of(Path.GetFullPath(repositoryRoot));
        var errors = new ErrorList();
        var warnings = new List<string>();
        // git's index is read (a process) while the settings and folders are; on a thread of its own, never inside the
        // parallel pass: git's output is read on the thread pool, which the pass's blocked workers would starve.
        var indexRead = Task.Factory.StartNew(() => index?.Read(), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var settings = SettingsReader.Read(root, arguments, environment, errors);
        var folders = ImageFolders.Find(root, errors, warnings);
        var entries = folders.Count > 0 ? indexRead.GetAwaiter().GetResult() : null;
        var reader = new ImageReader(root, settings, new ContentHasher(executableBits, digests), entries);

        // Images are independent: hash them in parallel, each into its own slot, so the result order is fixed.
        var images = new ImageDefinition?[folders.Count];
        var imageWarnings = folders.Select(_ => new List<string>()).ToArray();
        var hashed = new ProgressCounter(progress, "hashing images", folders.Count);
        Parallel.For(0, folders.Count, i =>
        {
            images[i] = reader.Read(folders[i], errors, imageWarnings[i]);
            hashed.Add();
        });
        errors.ThrowIfAny();
        warnings.AddRange(imageWarnings.SelectMany(w => w));
        var sorted = images.Select(i => i!).OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
        var graph = Dependencies.DependencyGraph.Resolve(sorted, settings.Registry, errors, warnings);
        errors.ThrowIfAny();
        return new ImageCatalog(settings, graph, warnings) { UnconfirmedTrackedFolders = entries is null ? null : Unconfirmed(entries) };
    }

    /// <summary>The top-level names holding a tracked file the hash did not find as the index has it.</summary>
    private static HashSet<string> Unconfirmed(GitIndex entries)
    {
        var unconfirmed = new HashSet<string>(StringComparer.Ordinal);
        var lookup = unconfirmed.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var path in entries.Unconfirmed())
        {
            var slash = path.IndexOf('/');
            lookup.Add(slash < 0 ? path : path.AsSpan(0, slash));
        }

        return unconfirmed;
    }
}
