using System.Globalization;
using Cake.Core.IO;
using KanikoImages.Build.Tools.Git;
using KanikoImages.Publishing;

namespace KanikoImages.Build;

/// <summary>Publish's parameters: each from --name, else KANIKO_NAME, else its default.</summary>
public sealed partial class BuildContext
{
    private PublishOptions _publishOptions = new() { Branch = "" };
    private string? _gitPath;

    /// <summary>The working tree's git, through the Cake git tool (--git-path overrides the git on PATH).</summary>
    public GitRepository GitRepository => new(Git, RepositoryRoot, _gitPath is { } path ? new FilePath(path) : null);

    /// <summary>One meaning: git.branch (images.yaml, --git-branch, KANIKO_GIT_BRANCH) is the branch Argo CD watches and Publish pushes to.</summary>
    public PublishOptions ReadPublishOptions() => _publishOptions with { Branch = Catalog.Settings.Git.Branch };

    private void ReadPublishing(List<string> problems)
    {
        var environment = EnvironmentValues();
        var name = Value(BuildOptions.GitAuthorName);
        var email = Value(BuildOptions.GitAuthorEmail);
        // git.branch is filled in when Publish runs (ReadPublishOptions): it comes from the catalog.
        var defaults = new PublishOptions { Branch = "" };
        _gitPath = Value(BuildOptions.GitPath);
        _publishOptions = defaults with
        {
            Remote = Value(BuildOptions.GitRemote) ?? defaults.Remote,
            Author = GitIdentity.Author(name, email, environment),
            Committer = GitIdentity.Committer(name, email, environment),
            PushAttempts = Value(BuildOptions.GitPushAttempts) is { } attempts ? PositiveInteger(BuildOptions.GitPushAttempts.Name, attempts, problems) : defaults.PushAttempts,
            RetryDelay = Value(BuildOptions.GitRetryDelay) is { } delay ? Seconds(BuildOptions.GitRetryDelay.Name, delay, problems) : defaults.RetryDelay,
            NetworkTimeout = Value(BuildOptions.GitTimeout) is { } timeout ? PositiveSeconds(BuildOptions.GitTimeout.Name, timeout, problems) : defaults.NetworkTimeout,
            DryRun = DryRun,
        };
    }

    private static int PositiveInteger(string name, string value, List<string> problems)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
        {
            return number;
        }

        problems.Add($"--{name}: '{value}' is not a positive whole number.");
        return 1;
    }

    private static TimeSpan Seconds(string name, string value, List<string> problems)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds <= 3600)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        problems.Add($"--{name}: '{value}' is not a number of seconds from 0 to 3600.");
        return TimeSpan.Zero;
    }

    private static TimeSpan PositiveSeconds(string name, string value, List<string> problems)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= 86400)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        problems.Add($"--{name}: '{value}' is not a number of seconds from 0 (excluded) to 86400.");
        return TimeSpan.FromSeconds(1);
    }
}
