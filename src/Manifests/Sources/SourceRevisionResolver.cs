using KanikoImages.Images;

namespace KanikoImages.Manifests.Sources;

/// <summary>What git says about one image's sources.</summary>
/// <param name="Commit">The newest first-parent commit that changed the image's folder, context or Dockerfile.</param>
/// <param name="Uncommitted">Files the build would see that differ from that commit (sorted).</param>
public sealed record SourceRevision(string? Commit, IReadOnlyList<string> Uncommitted)
{
    public static SourceRevision None { get; } = new(null, []);

    /// <summary>The commit holds exactly what the content hash covers.</summary>
    public bool IsExact => Commit is not null && Uncommitted.Count == 0;
}

/// <summary>
/// Finds each image's revision in one pass over the history: the last commit that touched the image's paths,
/// so an unchanged image keeps a byte-identical Job however many other commits land.
/// </summary>
public static class SourceRevisionResolver
{
    /// <summary>The folders to restrict git to: the distinct first segments of every image path ("" = all).</summary>
    public static IReadOnlyCollection<string> Pathspecs(IEnumerable<ImageDefinition> images)
    {
        var tops = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in images.SelectMany(ImagePaths))
        {
            if (path.Length == 0)
            {
                return [];
            }

            tops.Add(path.Split('/')[0]);
        }

        return tops;
    }

    public static IReadOnlyDictionary<string, SourceRevision> Resolve(IReadOnlyList<ImageDefinition> images, SourceHistory history)
    {
        // Folders map to the images below them; Dockerfiles to their images.
        var folders = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var dockerfiles = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var contexts = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < images.Count; i++)
        {
            var image = images[i];
            Add(folders, RepositoryPaths.Normalize(image.Folder), i);
            Add(folders, RepositoryPaths.Normalize(image.Context), i);
            Add(contexts, RepositoryPaths.Normalize(image.Context), i);
            Add(dockerfiles, RepositoryPaths.Normalize(image.Dockerfile), i);
        }

        var commits = new string?[images.Count];
        var unresolved = images.Count;
        foreach (var commit in history.Commits)
        {
            // A commit lists its paths by folder: the folders above a path are walked once per folder, not per file
            // (an image's revision is set by the first commit that matches it, so matching again changes nothing).
            string? walked = null;
            foreach (var path in commit.Paths)
            {
                var folder = path.AsSpan(0, Math.Max(path.LastIndexOf('/'), 0));
                var sameFolder = walked is not null && folder.SequenceEqual(walked);
                IEnumerable<int> matches = sameFolder ? dockerfiles.GetValueOrDefault(path) ?? (IEnumerable<int>)[] : Matches(path, dockerfiles, folders);
                walked = sameFolder ? walked : folder.ToString();
                foreach (var i in matches)
                {
                    if (commits[i] is null)
                    {
                        commits[i] = commit.Commit;
                        unresolved--;
                    }
                }
            }

            if (unresolved == 0)
            {
                break;
            }
        }

        var uncommitted = new SortedSet<string>?[images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            // git status lists tracked files only (-uno): an untracked (or ignored) input comes from the catalog.
            foreach (var path in images[i].Untracked)
            {
                (uncommitted[i] ??= new SortedSet<string>(StringComparer.Ordinal)).Add(path);
            }
        }

        // Files the hash covers (Dockerfiles, ignore files, context files) map to their images: only looked up for
        // uncommitted changes, so a clean work tree (CI) never builds the map of every file.
        var hashedFiles = history.Uncommitted.Count > 0 ? HashedFiles(images) : [];
        foreach (var change in history.Uncommitted)
        {
            // A changed hashed file differs from the commit; a deleted one is still in the commit's context.
            var hit = hashedFiles.GetValueOrDefault(change.Path) ?? [];
            var affected = change.Deleted ? hit.Concat(Matches(change.Path, [], contexts)) : hit;
            foreach (var i in affected)
            {
                (uncommitted[i] ??= new SortedSet<string>(StringComparer.Ordinal)).Add(change.Path);
            }
        }

        return Enumerable.Range(0, images.Count).ToDictionary(
            i => images[i].Name,
            i => new SourceRevision(commits[i], uncommitted[i]?.ToList() ?? []),
            StringComparer.Ordinal);
    }

    private static Dictionary<string, List<int>> HashedFiles(IReadOnlyList<ImageDefinition> images)
    {
        var hashedFiles = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < images.Count; i++)
        {
            var image = images[i];
            Add(hashedFiles, RepositoryPaths.Normalize(image.Dockerfile), i);
            if (image.IgnoreFile is { } ignoreFile)
            {
                // kaniko reads it from the commit even where it lies outside the context.
                Add(hashedFiles, ignoreFile, i);
            }

            foreach (var file in image.Files)
            {
                Add(hashedFiles, RepositoryPaths.Join(image.Context, file.Path), i);
            }
        }

        return hashedFiles;
    }

    private static IEnumerable<string> ImagePaths(ImageDefinition image) =>
        [RepositoryPaths.Normalize(image.Folder), RepositoryPaths.Normalize(image.Context), RepositoryPaths.Normalize(image.Dockerfile)];

    /// <summary>Images whose file is <paramref name="path"/> or whose folder holds it (walking up to the root).</summary>
    private static IEnumerable<int> Matches(string path, Dictionary<string, List<int>> files, Dictionary<string, List<int>> folders)
    {
        if (files.TryGetValue(path, out var exact))
        {
            foreach (var i in exact)
            {
                yield return i;
            }
        }

        for (var folder = path; folder.Length > 0;)
        {
            var slash = folder.LastIndexOf('/');
            folder = slash < 0 ? "" : folder[..slash];
            if (folders.TryGetValue(folder, out var below))
            {
                foreach (var i in below)
                {
                    yield return i;
                }
            }
        }
    }

    private static void Add(Dictionary<string, List<int>> map, string key, int image)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        if (list.Count == 0 || list[^1] != image)
        {
            list.Add(image);
        }
    }

}
