namespace KanikoImages.Validation;

/// <summary>A user error in what was asked to be validated (missing file, schema folder, bad option); the message is the user-facing text.</summary>
public sealed class ValidationInputException(string message) : UserException(message);

/// <summary>deploy/ has invalid resources or errors; the message sums them up (the findings were reported before).</summary>
public sealed class ValidationFailedException(ValidationResult result) : UserException(
    $"Validation failed: {result.Summary}.")
{
    public ValidationResult Result { get; } = result;
}
