namespace KanikoImages.Images;

/// <summary>What stage 1 hands on: the settings and every image, sorted by name.</summary>
public sealed record ImageCatalog(
    CatalogSettings Settings,
    IReadOnlyList<ImageDefinition> Images,
    IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// The repository's top-level names (first path segments) holding a tracked file that the hash did not read and
    /// find exactly as git's index has it (content and mode); null when there was no index to compare with.
    /// </summary>
    public IReadOnlySet<string>? UnconfirmedTrackedFolders { get; init; }

    /// <summary>
    /// Whether every tracked file below <paramref name="pathspecs"/> (top-level names; empty: everything) is in the
    /// work tree exactly as in git's index, so `git status` would find only what differs between the index and HEAD.
    /// </summary>
    public bool TrackedFilesMatchIndex(IReadOnlyCollection<string> pathspecs) =>
        UnconfirmedTrackedFolders is { } unconfirmed && (pathspecs.Count == 0 ? unconfirmed.Count == 0 : !pathspecs.Any(unconfirmed.Contains));
}

/// <summary>One image to build, with the hash of everything that affects its build.</summary>
public sealed record ImageDefinition
{
    /// <summary>Kubernetes-safe name (a DNS-1123 label), unique in the catalog.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// The image repository under the registry prefix (&lt;Registry&gt;/&lt;Repository&gt;:&lt;tag&gt;). Equal to
    /// <see cref="Name"/> except for an "images/name:tag" folder, whose Name also holds the tag to stay unique.
    /// </summary>
    public string Repository
    {
        get => _repository ?? Name;
        init => _repository = value;
    }

    private readonly string? _repository;

    /// <summary>The image's folder, repository-relative with '/' (e.g. "images/python-app").</summary>
    public required string Folder { get; init; }

    public required IReadOnlyList<string> Tags { get; init; }

    /// <summary>Repository-relative path of the Dockerfile, with '/'.</summary>
    public required string Dockerfile { get; init; }

    /// <summary>Repository-relative build context folder, with '/'.</summary>
    public required string Context { get; init; }

    /// <summary>
    /// Repository-relative path of the ignore file kaniko reads ("&lt;Dockerfile&gt;.dockerignore", else the context's
    /// .dockerignore), with '/'; null when there is none.
    /// </summary>
    public string? IgnoreFile { get; init; }

    /// <summary>
    /// The Dockerfile and ignore file when git's index does not list them: they are read from the checkout whether
    /// git tracks them or not, so the commit a git-context build clones lacks them (the Job is not pinned to it).
    /// </summary>
    public IReadOnlyList<string> Untracked { get; init; } = [];

    /// <summary>Build arguments, sorted by name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> BuildArgs { get; init; } = [];

    /// <summary>The Dockerfile stage to build (kaniko --target), if any.</summary>
    public string? Target { get; init; }

    /// <summary>The platforms of a multi-platform image, sorted; empty: one build for the node's own platform.</summary>
    public IReadOnlyList<Platform> Platforms { get; init; } = [];

    /// <summary>How the context reaches kaniko; the catalog resolves auto to configmap or git.</summary>
    public required ContextMode ContextMode { get; init; }

    public required ResourceSettings Resources { get; init; }

    public required TimeSpan Timeout { get; init; }

    /// <summary>Where the build pod may run: images.yaml defaults with image.yaml's fields replacing theirs.</summary>
    public Placement Placement { get; init; } = new();

    /// <summary>Executor flags after the generated ones: image.yaml kanikoArgs, else images.yaml kaniko.extraArgs.</summary>
    public IReadOnlyList<string> KanikoArgs { get; init; } = [];

    /// <summary>Extra labels for the image's resources, sorted by key.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>The files hashed (context-relative, '/'), sorted ordinally.</summary>
    public required IReadOnlyList<HashedFile> Files { get; init; }

    /// <summary>The Dockerfile's bytes as the ConfigMap carries them (ConfigMap mode only).</summary>
    public byte[]? DockerfileContent { get; init; }

    public required ContentHash Hash { get; init; }

    /// <summary>The Dockerfile's references into the catalog's registry (the dependency graph resolves them).</summary>
    public IReadOnlyList<BaseReference> References { get; init; } = [];

    /// <summary>image.yaml dependsOn: image names the Dockerfile may not show.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>The catalog images this one builds on, sorted by name; their content hashes are part of <see cref="Hash"/>.</summary>
    public IReadOnlyList<ImageDependency> Dependencies { get; init; } = [];

    /// <summary>0 without dependencies, else one more than its deepest dependency: the Argo CD sync wave of its Job.</summary>
    public int Depth { get; init; }
}

/// <summary>One file of a build context as the hash saw it.</summary>
public sealed record HashedFile(string Path, long Length, bool Executable)
{
    /// <summary>The bytes the ConfigMap carries (ConfigMap mode only): exactly those the hash covered.</summary>
    public byte[]? Content { get; init; }
}

/// <summary>The sha256 over an image's build input, lower-case hex.</summary>
public sealed record ContentHash(string Value)
{
    /// <summary>How many hex digits <see cref="Short"/> keeps.</summary>
    public const int ShortLength = 12;

    /// <summary>The first 12 hex digits: the Job name suffix and the immutable image tag.</summary>
    public string Short => ShortOf(Value);

    /// <summary>The short form of a full content hash read back as text (a label, a report).</summary>
    public static string ShortOf(string contentHash) => contentHash[..Math.Min(ShortLength, contentHash.Length)];

    public override string ToString() => Value;
}
