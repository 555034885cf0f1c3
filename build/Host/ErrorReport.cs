using System.Reflection;
using Cake.Core;

namespace KanikoImages.Build.Host;

/// <summary>How a failed run ends: a user error is its message alone, anything else is reported as a bug.</summary>
public static class ErrorReport
{
    /// <summary>
    /// A user error (bad input or option, a failed check, a refused push, a missing tool) or a problem of the
    /// machine (a full disk, a folder that cannot be written: the file system's message names the path) goes to
    /// <paramref name="userError"/> one "Error: " line each, exit 1; anything else is a bug: the whole exception
    /// with its stack trace on <paramref name="bugOutput"/>, exit 70.
    /// </summary>
    public static int Write(Exception exception, Action<string> userError, TextWriter bugOutput)
    {
        var cause = Cause(exception);
        if (cause is UserException or CakeException or IOException or UnauthorizedAccessException)
        {
            foreach (var line in cause is CommandLineException options ? options.Problems : [cause.Message])
            {
                userError("Error: " + line);
            }

            return ExitCodes.Failure;
        }

        bugOutput.WriteLine($"Error: this is a bug in the build, not a problem with your input; please report it with this output:{System.Environment.NewLine}{cause}");
        return ExitCodes.Bug;
    }

    /// <summary>The exception a task threw, out of the wrappers Cake's engine and reflection put around it.</summary>
    private static Exception Cause(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is UserException || (e is CakeException && e is not CakeReportException))
            {
                return e;
            }
        }

        var cause = exception;
        while (cause is CakeReportException or TargetInvocationException or AggregateException { InnerExceptions.Count: 1 } && cause.InnerException is not null)
        {
            cause = cause.InnerException;
        }

        return cause;
    }
}
