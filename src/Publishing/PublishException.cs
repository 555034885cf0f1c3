namespace KanikoImages.Publishing;

/// <summary>A publish that cannot go on; the message is the user-facing explanation.</summary>
public sealed class PublishException(string message) : UserException(message);
