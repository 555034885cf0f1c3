namespace KanikoImages.Status;

/// <summary>A problem the user can fix (configuration, cluster access, a failed build); the message is the text shown.</summary>
public sealed class StatusException(string message) : UserException(message);
