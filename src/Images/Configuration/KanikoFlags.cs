namespace KanikoImages.Images.Configuration;

/// <summary>
/// The executor flags this tool sets itself, with the setting that controls each: extra arguments
/// (kaniko.extraArgs, an image's kanikoArgs) may not repeat them, since a second --destination or --build-arg
/// would build or push something the content hash and the guard know nothing about.
/// </summary>
internal static class KanikoFlags
{
    /// <summary>Long flag name (without dashes) -> what to set instead. Names as in kaniko's README.</summary>
    private static readonly Dictionary<string, string> Owned = new(StringComparer.Ordinal)
    {
        ["destination"] = "'tags' in image.yaml (the repository is registry/<image name>)",
        ["context"] = "'context' or 'contextMode' in image.yaml",
        ["context-sub-path"] = "'context' in image.yaml",
        ["dockerfile"] = "'dockerfile' in image.yaml",
        ["digest-file"] = "nothing: the digest goes to the termination log, where Status reads it",
        ["cache"] = "nothing: the cache is always on; choose its repository with kaniko.cacheRepo",
        ["cache-repo"] = "kaniko.cacheRepo",
        ["build-arg"] = "'buildArgs' in image.yaml (they are part of the content hash)",
        ["target"] = "'target' in image.yaml (it is part of the content hash)",
        ["push-retry"] = "kaniko.pushRetry",
        ["reproducible"] = "kaniko.reproducible",
        ["registry-mirror"] = "kaniko.registryMirrors",
        ["registry-certificate"] = "kaniko.caBundle",
        ["skip-tls-verify"] = "registryTls",
        ["skip-tls-verify-pull"] = "registryTls",
        ["skip-tls-verify-registry"] = "registryTls",
        ["insecure"] = "registryTls",
        ["insecure-pull"] = "registryTls",
        ["insecure-registry"] = "registryTls",
        ["no-push"] = "nothing: the guard and Status need the pushed hash tag",
    };

    /// <summary>kaniko's one-letter forms (-d, -c, -f) of owned flags.</summary>
    private static readonly Dictionary<char, string> Shorthands = new()
    {
        ['d'] = "destination",
        ['c'] = "context",
        ['f'] = "dockerfile",
    };

    /// <summary>The argument as given; a FormatException naming the flag and the setting to use instead.</summary>
    public static string ExtraArgument(string argument)
    {
        var name = argument switch
        {
            ['-', '-', .. var rest] => rest.Split('=', 2)[0],
            ['-', var letter, ..] when Shorthands.TryGetValue(letter, out var full) => full,
            _ => null,
        };
        if (name is not null && Owned.TryGetValue(name, out var instead))
        {
            throw new FormatException($"'{argument}': --{name} is set by this tool; use {instead}");
        }

        return argument.Length > 0 ? argument : throw new FormatException("holds an empty argument");
    }
}
