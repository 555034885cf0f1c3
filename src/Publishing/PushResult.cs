namespace KanikoImages.Publishing;

public enum PushStatus
{
    /// <summary>The branch now points at the pushed commit.</summary>
    Pushed,

    /// <summary>The remote branch moved on (non-fast-forward, or another push updating it at that moment): fetch, rebase and try again.</summary>
    Behind,

    /// <summary>The remote refused the update (protected branch, pre-receive hook): retrying cannot help.</summary>
    Declined,

    /// <summary>git could not push at all (authentication, network, unknown remote).</summary>
    Failed,
}

/// <summary>How a push ended, with git's own words (credentials redacted).</summary>
public sealed record PushResult(PushStatus Status, string Message)
{
    /// <summary>The remote's reasons that mean "another push got there at the same moment", not "not allowed".</summary>
    private static readonly string[] Races = ["(failed to update ref)", "cannot lock ref", "incorrect old value"];

    /// <summary>
    /// Reads <c>git push --porcelain</c>: one line per ref, "flag TAB from:to TAB summary (reason)"; a '!'
    /// flag is a rejection, "[remote rejected]" means the remote's hooks or rules declined it, unless it
    /// lost a race for the ref lock with a concurrent push.
    /// </summary>
    public static PushResult FromPorcelain(int exitCode, IEnumerable<string> standardOutput, IEnumerable<string> standardError)
    {
        var refLine = standardOutput.FirstOrDefault(line => line.Length > 1 && line[1] == '\t');
        var message = GitText.Redact(string.Join('\n', standardError.Concat(refLine is null ? [] : [refLine])).Trim());
        if (exitCode == 0 && refLine is not null && refLine[0] != '!')
        {
            return new PushResult(PushStatus.Pushed, message);
        }

        if (refLine is null || refLine[0] != '!')
        {
            return new PushResult(PushStatus.Failed, message);
        }

        return refLine.Contains("[remote rejected]", StringComparison.Ordinal)
               && !Races.Any(race => message.Contains(race, StringComparison.Ordinal))
            ? new PushResult(PushStatus.Declined, message)
            : new PushResult(PushStatus.Behind, message);
    }
}
