namespace KanikoImages.Build.Host;

/// <summary>The process exit codes (documented in the command-line reference).</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A task failed or the input was bad: bad options, bad images/, invalid deploy/, a refused push.</summary>
    public const int Failure = 1;

    /// <summary>A bug in the build itself (EX_SOFTWARE of sysexits.h): the full exception was printed.</summary>
    public const int Bug = 70;
}
