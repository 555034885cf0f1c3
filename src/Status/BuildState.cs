namespace KanikoImages.Status;

/// <summary>Where an image's build stands in the cluster.</summary>
public enum BuildState
{
    /// <summary>No Job for the image's current content hash yet (Argo CD has not synced the manifest).</summary>
    NotSynced,

    /// <summary>The Job exists but its pod is not running yet (scheduling, image pull, init container).</summary>
    Pending,

    Running,

    /// <summary>kaniko built and pushed the image; the digest is known.</summary>
    Built,

    /// <summary>The guard found the image for this content hash in the registry; nothing was built.</summary>
    Skipped,

    Failed,
}

public static class BuildStates
{
    /// <summary>The name shown in the table and the JSON ("not-synced", "built", ...).</summary>
    public static string Text(this BuildState state) => state switch
    {
        BuildState.NotSynced => "not-synced",
        _ => state.ToString().ToLowerInvariant(),
    };

    public static bool IsFinished(this BuildState state) =>
        state is BuildState.Built or BuildState.Skipped or BuildState.Failed;
}
