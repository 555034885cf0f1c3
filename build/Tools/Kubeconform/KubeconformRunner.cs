using Cake.Core;
using Cake.Core.IO;
using Cake.Core.Tooling;
using KanikoImages.Validation.Kubeconform;

namespace KanikoImages.Build.Tools.Kubeconform;

/// <summary>
/// The kubeconform CLI as a Cake tool, run with -summary -output json so the validation stage can fold its report
/// into its own. Found by Cake's tool locator on PATH, or at <see cref="ToolSettings.ToolPath"/>.
/// </summary>
public sealed class KubeconformRunner(
    IFileSystem fileSystem,
    ICakeEnvironment environment,
    IProcessRunner processRunner,
    IToolLocator tools,
    KubeconformSettings settings) : CapturingTool<KubeconformSettings>(fileSystem, environment, processRunner, tools), IKubeconform
{
    public string? Locate()
    {
        var path = GetToolPath(settings);
        return path is not null && File.Exists(path.FullPath) ? path.FullPath : null;
    }

    public KubeconformRun Run(KubeconformRequest request)
    {
        var output = Capture(settings, Arguments(request));
        return new KubeconformRun(output.ExitCode, string.Join('\n', output.StandardOutput), output.ErrorText);
    }

    /// <summary>kubeconform's flags for <paramref name="request"/>, the files last.</summary>
    public static IEnumerable<string> Arguments(KubeconformRequest request)
    {
        if (request.Strict)
        {
            yield return "-strict";
        }

        yield return "-summary";
        yield return "-output";
        yield return "json";
        yield return "-kubernetes-version";
        yield return request.KubernetesVersion;
        if (request.IgnoreMissingSchemas)
        {
            yield return "-ignore-missing-schemas";
        }

        foreach (var location in request.SchemaLocations)
        {
            yield return "-schema-location";
            yield return location;
        }

        foreach (var file in request.Files)
        {
            yield return file;
        }
    }

    protected override string GetToolName() => "kubeconform";

    protected override IEnumerable<string> GetToolExecutableNames() => ["kubeconform", "kubeconform.exe"];
}
