using KanikoImages.Images;

namespace KanikoImages.Build;

/// <summary>The Status task's options.</summary>
public sealed partial class BuildContext
{
    /// <summary>--context: the kubeconfig context to use instead of the current one (kubectl's option name).</summary>
    public string? KubeContext { get; private set; }

    /// <summary>--wait: wait until every image's Job of the current catalog has finished.</summary>
    public bool StatusWait { get; private set; }

    /// <summary>--timeout: how long --wait waits (default 30m).</summary>
    public TimeSpan StatusTimeout { get; private set; } = TimeSpan.FromMinutes(30);

    /// <summary>The process environment (KUBECONFIG) as the cluster connection reads it.</summary>
    public IReadOnlyDictionary<string, string> ProcessEnvironment() => EnvironmentValues();

    private void ReadStatus(List<string> problems)
    {
        KubeContext = Value(BuildOptions.KubeContext);
        StatusWait = Flag(BuildOptions.Wait);
        if (Value(BuildOptions.Timeout) is { } timeout)
        {
            try
            {
                StatusTimeout = DurationText.Parse(timeout);
            }
            catch (FormatException e)
            {
                problems.Add($"--{BuildOptions.Timeout.Name}: {e.Message}.");
            }
        }
    }
}
