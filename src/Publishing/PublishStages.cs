namespace KanikoImages.Publishing;

/// <summary>
/// The validation gate: publishing runs it itself before every commit, also when Publish runs without its
/// dependencies, so an invalid or stale deploy/ is never published.
/// </summary>
public interface IPublishGate
{
    /// <summary>
    /// The problems found in what would be published (each naming its file); empty when it may be published.
    /// </summary>
    IReadOnlyList<string> Check();

    /// <summary>
    /// Where the bytes of the generated file <paramref name="path"/> (repository-relative) to publish are: the
    /// working tree's file, or under --dryrun the text GenerateManifests would write, kept aside.
    /// </summary>
    string SourceOf(string path);
}

/// <summary>
/// Rewrites deploy/ from the working tree's images/: after a rebase brought upstream image changes, or to
/// resolve a conflict in deploy/ (the manifest is a pure function of images/, so it is never hand-merged).
/// </summary>
public interface IManifestRegenerator
{
    void Regenerate();
}
