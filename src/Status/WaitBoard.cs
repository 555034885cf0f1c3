using k8s;
using k8s.Models;
using KanikoImages.Images;

namespace KanikoImages.Status;

/// <summary>Where --wait stands: how many builds finished, and the first few still unfinished (in catalog order).</summary>
public sealed record WaitProgress(int Finished, int Total, IReadOnlyList<ImageBuildStatus> Waiting, int MoreWaiting);

/// <summary>
/// The state of every image of the catalog while waiting, updated one watch event at a time: an event touches only
/// its own image, so following 10,000 builds costs no more per event than following one.
/// </summary>
public sealed class WaitBoard
{
    /// <summary>How many unfinished builds a progress line names.</summary>
    public const int Named = 10;

    private readonly ImageCatalog _catalog;
    private readonly Dictionary<(string Image, string ShortHash), int> _positions;
    private readonly ImageBuildStatus[] _states;
    private readonly SortedSet<int> _unfinished;

    /// <summary>A multi-platform image's latest Jobs by platform label ("" for its index Job), to rejoin its row on each event.</summary>
    private readonly Dictionary<int, Dictionary<string, V1Job>> _platformJobs = [];

    public WaitBoard(ImageCatalog catalog, string @namespace, IReadOnlyList<V1Job> jobs, DateTime now)
    {
        _catalog = catalog;
        _positions = catalog.Images.Select((image, i) => (image, i)).ToDictionary(x => (x.image.Name, x.image.Hash.Short), x => x.i);
        _states = [.. CatalogJoin.Join(catalog, @namespace, jobs, [], now).Images];
        _unfinished = new SortedSet<int>(Enumerable.Range(0, _states.Length).Where(i => !_states[i].State.IsFinished()));
        foreach (var job in jobs.OrderBy(j => j.Metadata.CreationTimestamp ?? DateTime.MinValue))
        {
            if (CatalogJoin.ContentOf(job) is { } content && _positions.TryGetValue(content, out var position) && catalog.Images[position].Platforms.Count > 0)
            {
                PlatformJobs(position)[PlatformKey(job)] = job;
            }
        }
    }

    public bool Finished => _unfinished.Count == 0;

    /// <summary>Applies one watch event; true when it changed the state of an image of the catalog.</summary>
    public bool Apply(WatchEventType type, V1Job job, DateTime now)
    {
        if (type is not (WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted)
            || CatalogJoin.ContentOf(job) is not { } content
            || !_positions.TryGetValue(content, out var position))
        {
            // Bookmarks, and Jobs of older content or of images no longer in the catalog.
            return false;
        }

        var before = _states[position].State;
        var image = _catalog.Images[position];
        _states[position] = image.Platforms.Count == 0
            ? BuildClassifier.Classify(image, type == WatchEventType.Deleted ? null : job, [], now)
            : Rejoined(position, image, type, job, now);
        var after = _states[position].State;
        if (after.IsFinished())
        {
            _unfinished.Remove(position);
        }
        else
        {
            _unfinished.Add(position);
        }

        return after != before;
    }

    /// <summary>A multi-platform image's row after one of its Jobs (a platform build or the index) changed.</summary>
    private ImageBuildStatus Rejoined(int position, ImageDefinition image, WatchEventType type, V1Job job, DateTime now)
    {
        var jobs = PlatformJobs(position);
        if (type == WatchEventType.Deleted)
        {
            jobs.Remove(PlatformKey(job));
        }
        else
        {
            jobs[PlatformKey(job)] = job;
        }

        var index = BuildClassifier.Classify(image, jobs.GetValueOrDefault(""), [], now);
        return PlatformJoin.Join(index, image, [.. jobs.Values], NoPods, now);
    }

    private static readonly ILookup<string, V1Pod> NoPods = Array.Empty<V1Pod>().ToLookup(p => "");

    private Dictionary<string, V1Job> PlatformJobs(int position) =>
        _platformJobs.TryGetValue(position, out var jobs) ? jobs : _platformJobs[position] = new(StringComparer.Ordinal);

    private static string PlatformKey(V1Job job) => CatalogJoin.Label(job.Metadata, Manifests.ManifestConventions.PlatformLabel) ?? "";

    public WaitProgress Progress() =>
        new(_states.Length - _unfinished.Count, _states.Length, _unfinished.Take(Named).Select(i => _states[i]).ToList(), Math.Max(0, _unfinished.Count - Named));
}
