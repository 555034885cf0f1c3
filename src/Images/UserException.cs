namespace KanikoImages;

/// <summary>
/// A problem the user can fix (bad input, a bad option, a failed check, a refused push): the host prints the
/// message alone and exits 1. Any other exception is a bug and is printed in full with its stack trace.
/// </summary>
public abstract class UserException(string message) : Exception(message);
