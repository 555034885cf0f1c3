using System.Globalization;
using Cake.Core.IO;
using KanikoImages.Build.Tools.Git;
using KanikoImages.Publishing;

namespace KanikoImages.Build;

/// <summary>Publish's parameters: each from --name, else KANIKO_NAME, else its default.</summary>
public sealed partial class BuildContext
{
    private PublishOptions _publishOptions = new();
    private string? _gitPath;

    /// <summary>The working tree's git, through the Cake git tool (--git-path overrides the git on PATH).</summary>
    public GitRepository GitRepository => new(Git, RepositoryRoot, _gitPath is { } path ? new FilePath(path) : null);

    public PublishOptions ReadPublishOptions() => _publishOptions;

    private void ReadPublishing(List<string> problems)
    {
        var environment = EnvironmentValues();
        var name = Value(BuildOptions.GitAuthorName);
        var email = Value(BuildOptions.GitAuthorEmail);
        var defaults = new PublishOptions();
        _gitPath = Value(BuildOptions.GitPath);
        _publishOptions = new PublishOptions
        {
            Remote = Value(BuildOptions.GitRemote) ?? defaults.Remote,
            // The git.branch setting's override only: images.yaml's branch is where Argo CD looks, not where to push.
            Branch = Value(BuildOptions.Settings.Single(o => o.Name == "git-branch")),
            Author = GitIdentity.Author(name, email, environment),
            Committer = GitIdentity.Committer(name, email, environment),
            PushAttempts = Value(BuildOptions.GitPushAttempts) is { } attempts ? PositiveInteger(BuildOptions.GitPushAttempts.Name, attempts, problems) : defaults.PushAttempts,
            RetryDelay = Value(BuildOptions.GitRetryDelay) is { } delay ? Seconds(BuildOptions.GitRetryDelay.Name, delay, problems) : defaults.RetryDelay,
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
}
