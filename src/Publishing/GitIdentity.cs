namespace KanikoImages.Publishing;

/// <summary>A commit author or committer.</summary>
public sealed record GitIdentity(string Name, string Email)
{
    /// <summary>The identity used when nothing is configured: CI runners have no global git identity.</summary>
    public static GitIdentity Default { get; } = new("kaniko-k8s-images", "kaniko-k8s-images@users.noreply.github.com");

    public override string ToString() => $"{Name} <{Email}>";

    /// <summary>The configured name/email win, then GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL, then <see cref="Default"/>.</summary>
    public static GitIdentity Author(string? name, string? email, IReadOnlyDictionary<string, string> environment) =>
        Resolve("AUTHOR", name, email, environment);

    /// <summary>The configured name/email win, then GIT_COMMITTER_NAME/GIT_COMMITTER_EMAIL, then <see cref="Default"/>.</summary>
    public static GitIdentity Committer(string? name, string? email, IReadOnlyDictionary<string, string> environment) =>
        Resolve("COMMITTER", name, email, environment);

    /// <summary>Each part on its own: a configured name with git's e-mail variable is a valid mix.</summary>
    private static GitIdentity Resolve(
        string role,
        string? name,
        string? email,
        IReadOnlyDictionary<string, string> environment) =>
        new(
            First(name, environment.GetValueOrDefault($"GIT_{role}_NAME"), Default.Name),
            First(email, environment.GetValueOrDefault($"GIT_{role}_EMAIL"), Default.Email));

    private static string First(params string?[] candidates) =>
        candidates.First(c => !string.IsNullOrWhiteSpace(c))!;
}
