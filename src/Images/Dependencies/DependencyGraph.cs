using KanikoImages.Images.Hashing;

namespace KanikoImages.Images.Dependencies;

/// <summary>
/// Resolves which catalog images each image builds on, refuses what cannot build (a cycle, a tag the base does not
/// push, a dependsOn naming no image), and folds each base's final content hash into its dependents' hashes in
/// dependency order, so a change to a base gives every image above it, transitively, a new hash.
/// </summary>
internal static class DependencyGraph
{
    /// <summary>One edge: the dependent names the base at this place.</summary>
    private sealed record Edge(string Base, string Source, int? Line, string What, string? Argument);

    /// <summary>The images (same order) with dependencies, depth and final hash; problems go to <paramref name="errors"/>.</summary>
    public static IReadOnlyList<ImageDefinition> Resolve(IReadOnlyList<ImageDefinition> images, string registry, ErrorList errors, List<string> warnings)
    {
        var byName = images.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var byRepository = images.ToLookup(i => i.Repository, StringComparer.Ordinal);
        var edges = images.ToDictionary(i => i.Name, i => Edges(i, registry, byName, byRepository, errors, warnings), StringComparer.Ordinal);
        if (edges.Values.All(e => e.Count == 0))
        {
            return images;
        }

        // Kahn's algorithm: an image is resolved once all its bases are; what is left over lies on or behind a cycle.
        var resolved = new Dictionary<string, ImageDefinition>(StringComparer.Ordinal);
        var waiting = edges.ToDictionary(e => e.Key, e => e.Value.Select(d => d.Base).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var dependents = edges
            .SelectMany(e => e.Value.Select(d => (Base: d.Base, Dependent: e.Key)))
            .Distinct()
            .ToLookup(p => p.Base, p => p.Dependent, StringComparer.Ordinal);
        var ready = new Queue<string>(waiting.Where(w => w.Value.Count == 0).Select(w => w.Key).Order(StringComparer.Ordinal));
        while (ready.TryDequeue(out var name))
        {
            resolved[name] = Final(byName[name], edges[name], resolved);
            foreach (var dependent in dependents[name])
            {
                if (waiting[dependent].Remove(name) && waiting[dependent].Count == 0)
                {
                    ready.Enqueue(dependent);
                }
            }
        }

        if (resolved.Count < images.Count)
        {
            ReportCycles(images.Where(i => !resolved.ContainsKey(i.Name)).Select(i => i.Name), edges, waiting, errors);
            return images;
        }

        return images.Select(i => resolved[i.Name]).ToList();
    }

    /// <summary>The image with its bases (by name), its depth and its content hash over theirs.</summary>
    private static ImageDefinition Final(ImageDefinition image, IReadOnlyList<Edge> edges, Dictionary<string, ImageDefinition> resolved)
    {
        if (edges.Count == 0)
        {
            return image;
        }

        var dependencies = edges
            .GroupBy(e => e.Base, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ImageDependency(g.Key, g.Select(e => e.Argument).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()))
            .ToList();
        return image with
        {
            Dependencies = dependencies,
            Depth = 1 + dependencies.Max(d => resolved[d.Image].Depth),
            Hash = ContentHasher.WithDependencies(image.Hash, dependencies.Select(d => (d.Image, resolved[d.Image].Hash))),
        };
    }

    private static List<Edge> Edges(
        ImageDefinition image,
        string registry,
        Dictionary<string, ImageDefinition> byName,
        ILookup<string, ImageDefinition> byRepository,
        ErrorList errors,
        List<string> warnings)
    {
        var edges = new List<Edge>();
        foreach (var reference in image.References)
        {
            if (CatalogReferences.Parse(registry, reference.Reference) is not { } parsed || !byRepository.Contains(parsed.Repository))
            {
                continue;
            }

            var what = $"{reference.Instruction} {reference.Reference}";
            var candidates = byRepository[parsed.Repository].ToList();
            var tag = parsed.Tag ?? (parsed.Digest is null ? "latest" : null);
            var bases = tag is null ? candidates : candidates.Where(c => c.Tags.Contains(tag, StringComparer.Ordinal)).ToList();
            if (bases.Count == 0)
            {
                var pushed = string.Join("; ", candidates.Select(c => $"{c.Folder} pushes {string.Join(", ", c.Tags)}"));
                errors.Add(image.Dockerfile, $"{what}: no image of this repository pushes the tag '{tag}' ({pushed})", reference.Line);
                continue;
            }

            edges.AddRange(bases.Select(b => new Edge(b.Name, image.Dockerfile, reference.Line, what, reference.Argument)));
        }

        var optionsFile = $"{image.Folder}/{Discovery.ImageOptions.FileName}";
        foreach (var declared in image.DependsOn)
        {
            if (!byName.ContainsKey(declared))
            {
                errors.Add(optionsFile, $"'dependsOn' names '{declared}', which is not an image of this repository");
                continue;
            }

            if (!edges.Any(e => e.Base == declared))
            {
                warnings.Add($"{optionsFile}: dependsOn '{declared}', but {image.Dockerfile} does not name {registry.TrimEnd('/')}/{byName[declared].Repository}; it is built after it and rebuilt with it all the same");
                edges.Add(new Edge(declared, optionsFile, null, "dependsOn", null));
            }
        }

        return edges;
    }

    /// <summary>
    /// Every image left over depends on another one left over, so following those edges always closes a cycle;
    /// each cycle is reported once, with the place of each of its edges.
    /// </summary>
    private static void ReportCycles(IEnumerable<string> left, Dictionary<string, List<Edge>> edges, Dictionary<string, HashSet<string>> waiting, ErrorList errors)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in left.Order(StringComparer.Ordinal))
        {
            var path = new List<string>();
            var current = start;
            while (visited.Add(current))
            {
                path.Add(current);
                current = waiting[current].Order(StringComparer.Ordinal).First();
            }

            var at = path.IndexOf(current);
            if (at < 0)
            {
                continue;
            }

            var cycle = path[at..].Append(current).ToList();
            var steps = cycle.Zip(cycle.Skip(1), (from, to) => edges[from].First(e => e.Base == to)).ToList();
            var places = steps.Select(e => $"{e.Source}{(e.Line is { } l ? $":{l}" : "")} {e.What}");
            errors.Add(steps[0].Source, $"dependency cycle {string.Join(" -> ", cycle)}: {string.Join("; ", places)}", steps[0].Line);
        }
    }
}
