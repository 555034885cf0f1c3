using System.Globalization;
using Cake.Common;
using Cake.Core.IO;
using KanikoImages.Build.Tools.Git;
using KanikoImages.Publishing;

namespace KanikoImages.Build;

/// <summary>Publish's parameters: each from --name, else KANIKO_NAME, else its default.</summary>
public sealed partial class BuildContext
{
    /// <summary>The working tree's git, through the Cake git tool (--git-path overrides the git on PATH).</summary>
    public GitRepository GitRepository =>
        new(Git, RepositoryRoot, PublishSetting("git-path") is { } path ? new FilePath(path) : null);

    public PublishOptions ReadPublishOptions()
    {
        var environment = EnvironmentValues();
        var name = PublishSetting("git-author-name");
        var email = PublishSetting("git-author-email");
        // One meaning: git.branch (images.yaml, --git-branch, KANIKO_GIT_BRANCH) is the branch Argo CD watches.
        var defaults = new PublishOptions { Branch = Catalog.Settings.Git.Branch };
        return defaults with
        {
            Remote = PublishSetting("git-remote") ?? defaults.Remote,
            Author = GitIdentity.Author(name, email, environment),
            Committer = GitIdentity.Committer(name, email, environment),
            PushAttempts = PublishSetting("git-push-attempts") is { } attempts ? PositiveInteger("git-push-attempts", attempts) : defaults.PushAttempts,
            RetryDelay = PublishSetting("git-retry-delay") is { } delay ? Seconds("git-retry-delay", delay) : defaults.RetryDelay,
            NetworkTimeout = PublishSetting("git-timeout") is { } timeout ? PositiveSeconds("git-timeout", timeout) : defaults.NetworkTimeout,
            DryRun = DryRun,
        };
    }

    /// <summary>--git-branch style argument, else the KANIKO_GIT_BRANCH style environment variable.</summary>
    private string? PublishSetting(string name) =>
        this.HasArgument(name) ? this.Argument<string>(name)
        : System.Environment.GetEnvironmentVariable("KANIKO_" + name.Replace('-', '_').ToUpperInvariant()) is { Length: > 0 } value ? value
        : null;

    private static int PositiveInteger(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new PublishException($"--{name}: '{value}' is not a positive whole number.");

    private static TimeSpan PositiveSeconds(string name, string value) =>
        Seconds(name, value) is { Ticks: > 0 } seconds && seconds <= TimeSpan.FromDays(1)
            ? seconds
            : throw new PublishException($"--{name}: '{value}' is not a number of seconds between 0 and 86400.");

    private static TimeSpan Seconds(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new PublishException($"--{name}: '{value}' is not a number of seconds.");
}
