using System.IO.Enumeration;
using KanikoImages.Images.Discovery;
using KanikoImages.Images.Hashing;

namespace KanikoImages.Images;

/// <summary>Turns one image folder into an <see cref="ImageDefinition"/>: its image.yaml, Dockerfile, context and hash.</summary>
/// <param name="repositoryRoot">The repository's real absolute path.</param>
/// <param name="settings">The repository settings (defaults).</param>
/// <param name="hasher">Hashes the context.</param>
/// <param name="index">git's index, read once for all images; null outside a work tree.</param>
internal sealed class ImageReader(string repositoryRoot, CatalogSettings settings, ContentHasher hasher, IReadOnlyDictionary<string, GitIndexEntry>? index)
{
    private const long MaxDockerfileBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Folders of the repository no build may read or contain: deploy/ is GenerateManifests' output (a context
    /// holding it would change its own hash on every run), .tools/ and .dotnet/ the tool's downloads.
    /// </summary>
    private static readonly string[] ToolFolders = ["deploy", ".tools", ".dotnet"];

    /// <summary>The tool's own build output (bin/, obj/ of build/ and of each project in src/, tests/, bench/).</summary>
    private readonly Lazy<string[]> _reserved = new(() => ToolFolders.Concat(BuildOutput(repositoryRoot)).ToArray());

    /// <summary>
    /// Each distinct ignore-file text compiled once per run: images made from one template share theirs. A
    /// <see cref="DockerIgnore"/> is immutable; what one image's listing learns goes to its own <see cref="ContextIgnore"/>.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DockerIgnore> _ignores = new(StringComparer.Ordinal);

    /// <summary>The image, or null when it has errors (they are in <paramref name="errors"/>).</summary>
    /// <param name="warnings">Where this image's warnings go.</param>
    public ImageDefinition? Read(ImageFolder folder, ErrorList errors, List<string> warnings)
    {
        var optionsFile = Path.Combine(folder.FullPath, ImageOptions.FileName);
        var optionsName = $"{folder.Folder}/{ImageOptions.FileName}";
        var optionsKind = FileKinds.Of(optionsFile);
        if (optionsKind is not (FileKind.Missing or FileKind.Regular))
        {
            errors.Add(optionsName, "must be a regular file (not a symlink, folder, FIFO or device)");
            return null;
        }

        var options = optionsKind == FileKind.Regular
            ? ImageOptions.Read(optionsFile, optionsName, errors)
            : new ImageOptions();
        var optionsSource = options.Dockerfile is null && options.Context is null ? folder.Folder : optionsName;
        var dockerfileLexical = Path.GetFullPath(options.Dockerfile ?? ImageFolders.DockerfileName, folder.FullPath);
        var dockerfilePath = InRepository(folder, options.Dockerfile ?? ImageFolders.DockerfileName, "dockerfile", optionsSource, errors);
        var contextPath = InRepository(folder, options.Context ?? ".", "context", optionsSource, errors);
        if (dockerfilePath is null || contextPath is null)
        {
            return null;
        }

        var dockerfileName = ContextFiles.RepositoryPath(repositoryRoot, dockerfilePath);
        var contextName = ContextFiles.RepositoryPath(repositoryRoot, contextPath);
        if (ReadDockerfile(dockerfilePath, dockerfileName, errors) is not { } dockerfile)
        {
            return null;
        }

        if (FileKinds.Of(contextPath) != FileKind.Directory)
        {
            errors.Add(optionsSource, $"the build context '{contextName}' is not a folder");
            return null;
        }

        // Split once: the tag, the references and this check all read the instructions.
        var instructions = DockerfileText.Instructions(System.Text.Encoding.UTF8.GetString(dockerfile)).ToList();
        if (instructions.Count == 0)
        {
            errors.Add(dockerfileName, "is empty: a Dockerfile needs at least a FROM instruction");
            return null;
        }

        var resources = options.Resources(settings.Defaults.Resources);
        if (resources != settings.Defaults.Resources)
        {
            foreach (var problem in Configuration.ResourceQuantities.Problems(resources))
            {
                errors.Add($"{folder.Folder}/{ImageOptions.FileName}", $"'resources': {problem}");
            }
        }

        var tags = Tags(folder, options, instructions, dockerfileName, errors);
        var (ignoreFile, ignore) = ReadIgnore(dockerfilePath, contextPath, errors);
        var listed = ContextFiles.List(contextPath, repositoryRoot, ignore, errors);
        warnings.AddRange(ignore.Warnings());

        // kaniko clones the commit, and deploy/ is published: a file git does not track (a local .env) is never
        // part of a build, in either mode, once git's index is there to say so.
        var tracked = index;
        var entries = tracked is null ? listed : new List<ContextEntry>(listed.Count);
        var untracked = new List<string>();
        if (tracked is not null)
        {
            foreach (var entry in listed)
            {
                var path = RepositoryPaths(contextName, entry.Path);
                if (tracked.ContainsKey(path))
                {
                    entries.Add(entry);
                }
                else
                {
                    untracked.Add(path);
                }
            }
        }

        var buildArgs = options.BuildArgs.OrderBy(a => a.Key, StringComparer.Ordinal).ToList();
        var platforms = options.Platforms ?? settings.Defaults.Platforms;
        var build = new BuildSettings(Path.GetRelativePath(contextPath, dockerfilePath).Replace('\\', '/'), options.Target, buildArgs) { Platforms = platforms };

        // A symlink on the Dockerfile's own path counts like one in the context: a ConfigMap cannot carry it.
        var links = entries.Where(e => e.LinkTarget is not null).Select(e => RepositoryPaths(contextName, e.Path)).ToList();
        if (dockerfilePath != dockerfileLexical)
        {
            links.Insert(0, ContextFiles.RepositoryPath(repositoryRoot, dockerfileLexical));
        }

        var mode = ImageContextModes.Resolve(
            options.ContextMode ?? settings.Defaults.ContextMode, entries.Select(e => e.Path), build.DockerfileInContext, links.Count > 0);
        if (mode == ContextMode.ConfigMap && links.Count > 0)
        {
            errors.Add(links[0], $"is a symlink, which a ConfigMap cannot carry (contextMode configmap); replace it by the file or use contextMode git{(links.Count > 1 ? $" (also: {string.Join(", ", links.Skip(1))})" : "")}");
            return null;
        }

        var hashed = hasher.Hash(build, new HashInput(mode, dockerfile, dockerfileName, entries, contextName, tracked), repositoryRoot, errors);
        if (untracked.Count > 0)
        {
            warnings.Add($"{folder.Folder}: not tracked by git, so not part of the build and not hashed: {string.Join(", ", untracked)}");
        }

        return tags is null ? null : new ImageDefinition
        {
            Name = folder.Name,
            Repository = folder.Repository,
            Folder = folder.Folder,
            Tags = tags,
            Dockerfile = dockerfileName,
            Context = contextName,
            IgnoreFile = ignoreFile,
            Untracked = tracked is null ? [] : new[] { dockerfileName, ignoreFile }.OfType<string>().Where(p => !tracked.ContainsKey(p)).ToList(),
            BuildArgs = buildArgs,
            Target = options.Target,
            Platforms = platforms,
            ContextMode = mode,
            Resources = resources,
            Timeout = options.Timeout ?? settings.Defaults.Timeout,
            Labels = options.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).ToList(),
            Placement = options.Placement(settings.Defaults.Placement),
            KanikoArgs = options.KanikoArgs ?? settings.Kaniko.ExtraArgs,
            Files = hashed.Files,
            DockerfileContent = hashed.DockerfileContent,
            Hash = hashed.Hash,
            References = Dependencies.CatalogReferences.InRegistry(settings.Registry, Dependencies.DockerfileReferences.Find(instructions, buildArgs)),
            DependsOn = options.DependsOn,
        };
    }

    /// <summary>image.yaml tags, else the folder's ":tag", else the Dockerfile's VERSION, else "latest".</summary>
    private static IReadOnlyList<string>? Tags(ImageFolder folder, ImageOptions options, IReadOnlyList<DockerfileInstruction> instructions, string dockerfileName, ErrorList errors)
    {
        if (options.Tags is { Count: > 0 } tags)
        {
            return tags;
        }

        if (folder.FolderTag is { } folderTag)
        {
            return [folderTag];
        }

        if (DockerfileText.Version(instructions) is not { } version)
        {
            return ["latest"];
        }

        try
        {
            return [Configuration.SettingValues.Tag(version)];
        }
        catch (FormatException e)
        {
            errors.Add(dockerfileName, $"VERSION {e.Message}; set 'tags' in image.yaml instead");
            return null;
        }
    }

    /// <summary>
    /// A path from image.yaml resolved to its real location against the image folder; null (with an error) when
    /// a hop leaves the repository or enters .git, or when it lies in one of the tool's own folders.
    /// </summary>
    private string? InRepository(ImageFolder folder, string relative, string key, string source, ErrorList errors)
    {
        if (RealPaths.Resolve(repositoryRoot, folder.FullPath, relative, out var problem) is not { } real)
        {
            errors.Add(source, $"the {key} {problem}");
            return null;
        }

        var name = ContextFiles.RepositoryPath(repositoryRoot, real);
        if (name == ".")
        {
            errors.Add(source, $"the {key} '{relative}' is the repository root, which holds deploy/ (GenerateManifests' output, so the hash would change on every run) and the tool's folders; use a folder under images/");
            return null;
        }

        if (_reserved.Value.FirstOrDefault(f => name == f || name.StartsWith(f + "/", StringComparison.Ordinal)) is { } tool)
        {
            errors.Add(source, $"the {key} '{relative}' is in {tool}/, one of the tool's own folders (deploy/, .tools/, .dotnet/, build output) that no build may read");
            return null;
        }

        if (key == "context" && _reserved.Value.FirstOrDefault(f => f.StartsWith(name + "/", StringComparison.Ordinal)) is { } inside)
        {
            errors.Add(source, $"the {key} '{relative}' contains {inside}/, one of the tool's own folders (deploy/, .tools/, .dotnet/, build output) that no build may read");
            return null;
        }

        return real;
    }

    private static IEnumerable<string> BuildOutput(string root) =>
        new[] { "build" }
            .Concat(new[] { "src", "tests", "bench" }.SelectMany(top => Directory.Exists(Path.Combine(root, top))
                ? Directory.EnumerateDirectories(Path.Combine(root, top)).Select(d => top + "/" + Path.GetFileName(d))
                : []))
            .SelectMany(project => new[] { project + "/bin", project + "/obj" })
            .Where(output => Directory.Exists(Path.Combine(root, output)));

    private static string RepositoryPaths(string contextName, string path) => contextName == "." ? path : contextName + "/" + path;

    /// <summary>The Dockerfile's bytes; it must exist with exactly that name, since Linux file names are case-sensitive.</summary>
    private static byte[]? ReadDockerfile(string fullPath, string name, ErrorList errors)
    {
        // On Linux one lstat of the exact name answers. A missing name, and any name where file names may ignore case
        // (Windows, macOS), needs the folder's listing: it holds the name's true case.
        var kind = FileKinds.Of(fullPath);
        if (kind == FileKind.Missing || !OperatingSystem.IsLinux())
        {
            var listed = Listed(fullPath);
            if (listed is { IsDirectory: false } other && other.Name != Path.GetFileName(fullPath))
            {
                errors.Add(name, $"not found, but '{other.Name}' is: the name must match exactly (Linux and kaniko are case-sensitive)");
                return null;
            }

            kind = listed is null ? FileKind.Missing : kind;
        }

        if (kind is FileKind.Missing or FileKind.Directory)
        {
            errors.Add(name, "not found: the Dockerfile must be a file");
            return null;
        }

        try
        {
            return ContextContent.ReadRegular(fullPath, MaxDockerfileBytes);
        }
        catch (ContextContent.FileTooLargeException)
        {
            errors.Add(name, $"is larger than {MaxDockerfileBytes / (1024 * 1024)} MiB; a Dockerfile is read whole, and kaniko's ConfigMap context holds 1 MiB");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(name, $"cannot be read: {e.Message}");
            return null;
        }
    }

    /// <summary>The entry of the file's folder with exactly its name, else the first whose name differs only in case; null for none.</summary>
    private static (string Name, bool IsDirectory)? Listed(string fullPath)
    {
        var fileName = Path.GetFileName(fullPath);
        try
        {
            var candidates = new FileSystemEnumerable<(string Name, bool IsDirectory)>(
                Path.GetDirectoryName(fullPath)!,
                (ref FileSystemEntry entry) => (entry.FileName.ToString(), entry.IsDirectory),
                new EnumerationOptions { AttributesToSkip = 0 })
            {
                ShouldIncludePredicate = (ref FileSystemEntry entry) => entry.FileName.Equals(fileName, StringComparison.OrdinalIgnoreCase),
            }.ToList();
            return candidates.Count == 0 ? null : candidates.FirstOrDefault(c => c.Name == fileName, candidates[0]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The ignore file kaniko reads (pkg/util/fs_util.go getExcludedFiles): "&lt;Dockerfile&gt;.dockerignore" beside the
    /// Dockerfile if anything has that name, else the context's .dockerignore; its repository path, or null for none.
    /// </summary>
    private (string? Name, ContextIgnore Ignore) ReadIgnore(string dockerfilePath, string contextPath, ErrorList errors)
    {
        string[] candidates = [dockerfilePath + DockerIgnore.FileName, Path.Combine(contextPath, DockerIgnore.FileName)];
        var file = candidates.FirstOrDefault(c => FileKinds.Of(c) != FileKind.Missing);
        if (file is null)
        {
            return (null, ContextIgnore.None);
        }

        var name = ContextFiles.RepositoryPath(repositoryRoot, file);
        try
        {
            // The ignore file is read like a context file: by type, bounded, never through a link.
            var bytes = ContextContent.ReadRegular(file, ContextContent.ConfigMapLimit);
            var text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return (name, new ContextIgnore(_ignores.GetOrAdd(text, DockerIgnore.Parse), name));
        }
        catch (DockerIgnoreException e)
        {
            foreach (var problem in e.Problems)
            {
                errors.Add(name, problem.Problem, problem.Line);
            }
        }
        catch (System.Text.DecoderFallbackException)
        {
            errors.Add(name, "is not valid UTF-8");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(name, $"cannot be read: {e.Message}");
        }

        return (name, ContextIgnore.None);
    }
}
