namespace KanikoImages.Validation;

/// <summary>A user error in what was asked to be validated (missing file, schema folder, bad option); the message is the user-facing text.</summary>
public sealed class ValidationInputException(string message) : Exception(message);
