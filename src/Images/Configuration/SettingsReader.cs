namespace KanikoImages.Images.Configuration;

/// <summary>
/// Builds <see cref="CatalogSettings"/> from images.yaml, then the environment, then the command line: for each
/// key the command line wins over the environment, which wins over the file, which wins over the default.
/// </summary>
internal static class SettingsReader
{
    public const string FileName = "images.yaml";

    public static CatalogSettings Read(
        string repositoryRoot,
        IReadOnlyDictionary<string, string> arguments,
        IReadOnlyDictionary<string, string> environment,
        ErrorList errors)
    {
        var file = Path.Combine(repositoryRoot, FileName);
        var before = errors.Count;
        var fromFile = File.Exists(file)
            ? YamlSettingsFile.Read(file, FileName, SettingKeys.Schema, errors)
            : new Dictionary<string, YamlSetting>();
        var fileUnreadable = errors.Count > before;
        var settings = new CatalogSettings { Registry = "" };
        var registrySet = false;
        foreach (var key in SettingKeys.All)
        {
            if (Find(key, arguments, environment, fromFile) is not var (value, source, line, setting))
            {
                continue;
            }

            registrySet |= key.Path == "registry";
            try
            {
                settings = setting is { Scalar: null } && key.ApplySetting is { } fromYaml ? fromYaml(settings, setting) : key.Apply(settings, value);
            }
            catch (SettingValueException e)
            {
                errors.Add(source, e.Message, e.Line);
            }
            catch (FormatException e)
            {
                errors.Add(source, $"'{key.Path}' {e.Message}", line);
            }
        }

        foreach (var problem in ResourceQuantities.Problems(settings.Defaults.Resources))
        {
            errors.Add(FileName, $"'defaults.resources': {problem}");
        }

        if (settings.ArgoCd.Retry is { BackoffMaxDuration: var longest, BackoffDuration: var first } && longest < first)
        {
            errors.Add(FileName, $"'argoCd.retry.backoff.maxDuration' ({DurationText.Setting(longest)}) is shorter than 'argoCd.retry.backoff.duration' ({DurationText.Setting(first)})");
        }

        // After a broken images.yaml the registry it may set is unknown: the file's own error is the one to fix.
        if (!registrySet && !fileUnreadable)
        {
            errors.Add(
                FileName,
                $"'registry' is not set: add 'registry: registry.example.com/team' to {FileName}, pass --registry=... or set KANIKO_REGISTRY");
        }

        return settings;
    }

    /// <summary>The winning value of a key and where it came from (with the file's value when it won), or null when no source sets it.</summary>
    private static (string? Value, string Source, int? Line, YamlSetting? Setting)? Find(
        SettingKey key,
        IReadOnlyDictionary<string, string> arguments,
        IReadOnlyDictionary<string, string> environment,
        IReadOnlyDictionary<string, YamlSetting> fromFile)
    {
        if (key.Overridable && arguments.TryGetValue(key.CommandLine, out var argument))
        {
            return (argument, "--" + key.CommandLine, null, null);
        }

        // CI systems often define variables as empty rather than not at all: empty means "not set".
        if (key.Overridable && environment.TryGetValue(key.Environment, out var variable) && variable.Length > 0)
        {
            return (variable, key.Environment, null, null);
        }

        if (fromFile.TryGetValue(key.Path, out var setting))
        {
            return (setting.Scalar ?? (setting.Items.Count > 0 ? string.Join(',', setting.Items) : null), FileName, setting.Line, setting);
        }

        return null;
    }
}
