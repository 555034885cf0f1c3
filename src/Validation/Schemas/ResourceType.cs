namespace KanikoImages.Validation.Schemas;

/// <summary>apiVersion + kind, split the way kubeconform names schema files.</summary>
public sealed record ResourceType(string ApiVersion, string Kind)
{
    /// <summary>The API group ("" for the core group).</summary>
    public string Group => ApiVersion.Contains('/') ? ApiVersion[..ApiVersion.IndexOf('/')] : "";

    /// <summary>The version part of apiVersion (v1, v1alpha1).</summary>
    public string Version => ApiVersion.Contains('/') ? ApiVersion[(ApiVersion.IndexOf('/') + 1)..] : ApiVersion;

    /// <summary>"-batch-v1" for batch/v1, "-v1" for v1: first label of the group, then the version.</summary>
    public string KindSuffix => Group.Length == 0
        ? "-" + Version.ToLowerInvariant()
        : $"-{Group.Split('.')[0].ToLowerInvariant()}-{Version.ToLowerInvariant()}";

    public override string ToString() => $"{ApiVersion}/{Kind}";
}
