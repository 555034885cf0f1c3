using KanikoImages.Images.Discovery;
using KanikoImages.Images.Hashing;

namespace KanikoImages.Images;

/// <summary>Turns one image folder into an <see cref="ImageDefinition"/>: its image.yaml, Dockerfile, context and hash.</summary>
internal sealed class ImageReader(string repositoryRoot, CatalogSettings settings, ContentHasher hasher)
{
    private const long MaxDockerfileBytes = 16 * 1024 * 1024;

    /// <summary>The image, or null when it has errors (they are in <paramref name="errors"/>).</summary>
    /// <param name="warnings">Where this image's warnings go.</param>
    public ImageDefinition? Read(ImageFolder folder, ErrorList errors, List<string> warnings)
    {
        var optionsFile = Path.Combine(folder.FullPath, ImageOptions.FileName);
        var options = File.Exists(optionsFile)
            ? ImageOptions.Read(optionsFile, $"{folder.Folder}/{ImageOptions.FileName}", errors)
            : new ImageOptions();
        var optionsSource = options.Dockerfile is null && options.Context is null ? folder.Folder : $"{folder.Folder}/{ImageOptions.FileName}";
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

        if (!Directory.Exists(contextPath))
        {
            errors.Add(optionsSource, $"the build context '{contextName}' is not a folder");
            return null;
        }

        var text = System.Text.Encoding.UTF8.GetString(dockerfile);
        if (!DockerfileText.HasInstructions(text))
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

        var tags = Tags(folder, options, text, dockerfileName, errors);
        var (ignoreFile, ignore) = ReadIgnore(dockerfilePath, contextPath, errors);
        var entries = ContextFiles.List(contextPath, repositoryRoot, ignore, errors);
        warnings.AddRange(ignore.Warnings());
        var buildArgs = options.BuildArgs.OrderBy(a => a.Key, StringComparer.Ordinal).ToList();
        var build = new BuildSettings(Path.GetRelativePath(contextPath, dockerfilePath).Replace('\\', '/'), options.Target, buildArgs);
        var (files, hash) = hasher.Hash(build, dockerfile, entries, repositoryRoot, contextName, errors);
        return tags is null ? null : new ImageDefinition
        {
            Name = folder.Name,
            Repository = folder.Repository,
            Folder = folder.Folder,
            Tags = tags,
            Dockerfile = dockerfileName,
            Context = contextName,
            IgnoreFile = ignoreFile,
            BuildArgs = buildArgs,
            Target = options.Target,
            ContextMode = options.ContextMode ?? settings.Defaults.ContextMode,
            Resources = resources,
            Timeout = options.Timeout ?? settings.Defaults.Timeout,
            Labels = options.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).ToList(),
            Files = files,
            Hash = hash,
        };
    }

    /// <summary>image.yaml tags, else the folder's ":tag", else the Dockerfile's VERSION, else "latest".</summary>
    private static IReadOnlyList<string>? Tags(ImageFolder folder, ImageOptions options, string dockerfile, string dockerfileName, ErrorList errors)
    {
        if (options.Tags is { Count: > 0 } tags)
        {
            return tags;
        }

        if (folder.FolderTag is { } folderTag)
        {
            return [folderTag];
        }

        if (DockerfileText.Version(dockerfile) is not { } version)
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

    /// <summary>A path from image.yaml, resolved against the image folder; null (with an error) when it leaves the repository.</summary>
    private string? InRepository(ImageFolder folder, string relative, string key, string source, ErrorList errors)
    {
        var full = Path.GetFullPath(relative, folder.FullPath);
        if (ContextFiles.IsInRepository(repositoryRoot, full))
        {
            return full;
        }

        errors.Add(source, $"the {key} '{relative}' is outside the repository");
        return null;
    }

    /// <summary>The Dockerfile's bytes; it must exist with exactly that name, since Linux file names are case-sensitive.</summary>
    private static byte[]? ReadDockerfile(string fullPath, string name, ErrorList errors)
    {
        var folder = new DirectoryInfo(Path.GetDirectoryName(fullPath)!);
        var fileName = Path.GetFileName(fullPath);
        var candidates = folder.Exists
            ? folder.EnumerateFileSystemInfos().Where(f => f.Name.Equals(fileName, StringComparison.OrdinalIgnoreCase)).ToList()
            : [];
        var actual = candidates.FirstOrDefault(f => f.Name == fileName) ?? candidates.FirstOrDefault();
        if (actual is null || actual is DirectoryInfo)
        {
            errors.Add(name, "not found: the Dockerfile must be a file");
            return null;
        }

        if (actual.Name != fileName)
        {
            errors.Add(name, $"not found, but '{actual.Name}' is: the name must match exactly (Linux and kaniko are case-sensitive)");
            return null;
        }

        if (((FileInfo)actual).Length > MaxDockerfileBytes)
        {
            errors.Add(name, $"is larger than {MaxDockerfileBytes / (1024 * 1024)} MiB; a Dockerfile is read whole, and kaniko's ConfigMap context holds 1 MiB");
            return null;
        }

        try
        {
            return File.ReadAllBytes(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add(name, $"cannot be read: {e.Message}");
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
        var file = candidates.FirstOrDefault(c => File.Exists(c) || Directory.Exists(c) || new FileInfo(c).LinkTarget is not null);
        if (file is null)
        {
            return (null, ContextIgnore.None);
        }

        var name = ContextFiles.RepositoryPath(repositoryRoot, file);
        try
        {
            var text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(file));
            return (name, new ContextIgnore(DockerIgnore.Parse(text), name));
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
