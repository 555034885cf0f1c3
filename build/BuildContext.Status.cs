using Cake.Common;
using KanikoImages.Status;

namespace KanikoImages.Build;

/// <summary>The Status task's options.</summary>
public sealed partial class BuildContext
{
    /// <summary>--context: the kubeconfig context to use instead of the current one (kubectl's option name).</summary>
    public string? KubeContext => this.HasArgument("context") ? this.Argument<string>("context") : null;

    /// <summary>--output json: print the report as JSON for scripts (the host then logs to stderr); otherwise a table.</summary>
    public bool StatusAsJson => this.Argument("output", "table") switch
    {
        "json" => true,
        "table" => false,
        var other => throw new StatusException($"--output {other}: use table or json."),
    };

    /// <summary>--wait: wait until every image's Job of the current catalog has finished.</summary>
    public bool StatusWait => this.HasArgument("wait");

    /// <summary>--timeout: how long --wait waits (default 30m).</summary>
    public TimeSpan StatusTimeout => DurationText.Parse(this.Argument("timeout", "30m"), "--timeout");

    /// <summary>The process environment (KUBECONFIG) as the cluster connection reads it.</summary>
    public IReadOnlyDictionary<string, string> ProcessEnvironment() => EnvironmentValues();
}
