namespace KanikoImages.Tests.Validation;

/// <summary>
/// A stand-in kubeconform: a real executable script that records its arguments in &lt;script&gt;.arguments, prints
/// a kubeconform-format report and exits with the given code.
/// </summary>
public static class KubeconformStandIn
{
    public static string Write(string path, int exitCode, string report, string error = "")
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$0.arguments\"\ncat <<'REPORT'\n{report}\nREPORT\necho '{error}' >&2\nexit {exitCode}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
