using KanikoImages.Build.Tools.Git;
using KanikoImages.Manifests;

namespace KanikoImages.Build;

public sealed partial class BuildContext
{
    /// <summary>
    /// CI services set CI=true: there an image built from git with uncommitted files is an error, locally a warning.
    /// </summary>
    public ManifestOptions ManifestOptions => new(
        RequireCommittedSources: System.Environment.GetEnvironmentVariable("CI") is { } ci &&
                                 (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1"));

    /// <summary>The git history of the image folders, read with the git CLI.</summary>
    public GitSourceRevisions SourceRevisions => new(Git, RepositoryRoot);
}
