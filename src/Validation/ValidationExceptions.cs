namespace KanikoImages.Validation;

/// <summary>A user error in what was asked to be validated (missing file, schema folder, bad option); the message is the user-facing text.</summary>
public sealed class ValidationInputException(string message) : Exception(message);

/// <summary>deploy/ has invalid resources or errors; the message sums them up (the findings were reported before).</summary>
public sealed class ValidationFailedException(ValidationResult result) : Exception(
    $"Validation failed: {result.Summary.Invalid} invalid, {result.Summary.Errors} error(s) in {result.Summary.Documents} document(s), " +
    $"{result.Findings.Count(f => f.Status >= ResourceStatus.Invalid)} finding(s).")
{
    public ValidationResult Result { get; } = result;
}
