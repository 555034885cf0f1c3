namespace KanikoImages.Publishing;

/// <summary>
/// The validation gate: publishing runs it itself before every commit, also when Publish runs without its
/// dependencies, so an invalid or stale deploy/ is never published.
/// </summary>
public interface IPublishGate
{
    /// <summary>The problems found in the working tree's deploy/ (each naming its file); empty when it may be published.</summary>
    IReadOnlyList<string> Check();
}

/// <summary>
/// Rewrites deploy/ from the working tree's images/: after a rebase brought upstream image changes, or to
/// resolve a conflict in deploy/ (the manifest is a pure function of images/, so it is never hand-merged).
/// </summary>
public interface IManifestRegenerator
{
    void Regenerate();
}
