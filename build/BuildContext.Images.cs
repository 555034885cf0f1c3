using Cake.Core.Diagnostics;
using KanikoImages.Build.Tools.Git;
using KanikoImages.Images;
using KanikoImages.Images.Caching;
using KanikoImages.Images.Hashing;
using KanikoImages.Manifests.Output;

namespace KanikoImages.Build;

/// <summary>Stage 1's parameters.</summary>
public sealed partial class BuildContext
{
    /// <summary>--graph: HashImages prints the dependency graph in this format instead of the table.</summary>
    public GraphFormat? Graph { get; private set; }

    private void ReadImages(List<string> problems)
    {
        if (Value(BuildOptions.Graph) is not { } graph)
        {
            return;
        }

        try
        {
            Graph = GraphText.Parse(graph);
        }
        catch (FormatException e)
        {
            problems.Add($"--{BuildOptions.Graph.Name}: {e.Message}.");
        }
    }

    /// <summary>
    /// Loads the catalog with the file digests of earlier runs (.tools/cache/file-digests) and keeps this run's for
    /// the next; --dryrun reads the cache but writes nothing.
    /// </summary>
    private ImageCatalog LoadCatalog()
    {
        var runStart = DateTime.UtcNow;
        var seal = CacheSeal;
        var folder = seal is null ? null : CacheFolder.Of(RepositoryRoot, create: false);
        var digests = folder is null ? null : FileDigestCache.Load(folder, seal!, runStart);
        var catalog = Progress.Track(progress => CatalogLoader.Load(
            RepositoryRoot, ArgumentValues(), EnvironmentValues(), ExecutableBits(), new GitIndexReader(Git, RepositoryRoot), progress, digests));
        if (!DryRun && digests?.Changed(seal!) is { } changed)
        {
            WriteCache(FileDigestCache.FileName, changed);
        }

        return catalog;
    }

    /// <summary>This user's key for the caches under .tools/cache/, read once per run; null: nothing is cached.</summary>
    private CacheSeal? CacheSeal => _cacheSeal.Value;

    private readonly Lazy<CacheSeal?> _cacheSeal = new(Images.Caching.CacheSeal.ForUser);

    /// <summary>Replaces one file under .tools/cache/ in one rename (<see cref="AtomicFile"/>).</summary>
    private void WriteCache(string name, byte[] content)
    {
        try
        {
            if (CacheFolder.Of(RepositoryRoot, create: true) is { } folder)
            {
                AtomicFile.Write(Path.Combine(folder, name), content);
            }
        }
        catch (IOException e)
        {
            // A cache that cannot be written costs the next run time, never a result.
            Log.Verbose("{0}", $"{CacheFolder.RelativePath}/{name} not written: {e.Message}");
        }
    }

    /// <summary>
    /// Where the hash takes executable bits from. Windows file systems have none, so there the git index (what
    /// a Linux checkout of the same commit gets) decides; elsewhere the checkout's own file mode does.
    /// </summary>
    private IExecutableBits ExecutableBits()
    {
        if (!OperatingSystem.IsWindows())
        {
            return FileSystemExecutableBits.Instance;
        }

        var output = Git.Run(RepositoryRoot, ["ls-files", "--stage", "-z"]);
        if (output.ExitCode != 0)
        {
            throw new InvalidOperationException($"{RepositoryRoot}: git ls-files failed, so executable bits are unknown on Windows: {output.ErrorText}");
        }

        return GitIndexExecutableBits.FromLsFilesStage(string.Join('\n', output.StandardOutput));
    }
}
