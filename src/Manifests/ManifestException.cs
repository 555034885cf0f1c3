namespace KanikoImages.Manifests;

/// <summary>Bad input for the manifest stage; the message is the user-facing text (the host prints no trace).</summary>
public sealed class ManifestException(string message) : UserException(message);
