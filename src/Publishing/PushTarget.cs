namespace KanikoImages.Publishing;

/// <summary>Where a publish pushes: a remote (its URL with credentials redacted) and a branch.</summary>
public sealed record PushTarget(string Remote, string Url, string Branch)
{
    public override string ToString() => $"{Remote} ({Url}) branch {Branch}";
}
