using System.Globalization;

namespace KanikoImages.Images.Configuration;

/// <summary>
/// Compares Kubernetes quantities: a request above its limit makes the API server reject every build Job, so
/// it is caught here, where the file that set it can be named.
/// </summary>
internal static class ResourceQuantities
{
    private static readonly (string Suffix, double Factor)[] Suffixes =
    [
        ("Ki", 1024d), ("Mi", Math.Pow(1024, 2)), ("Gi", Math.Pow(1024, 3)), ("Ti", Math.Pow(1024, 4)),
        ("Pi", Math.Pow(1024, 5)), ("Ei", Math.Pow(1024, 6)), ("n", 1e-9), ("u", 1e-6), ("m", 1e-3), ("k", 1e3),
        ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18),
    ];

    /// <summary>"cpu request 4 is above the limit 2"-style problems; empty when requests fit their limits.</summary>
    public static IEnumerable<string> Problems(ResourceSettings resources)
    {
        if (Value(resources.CpuRequest) > Value(resources.CpuLimit))
        {
            yield return $"the cpu request {resources.CpuRequest} is above the cpu limit {resources.CpuLimit}";
        }

        if (Value(resources.MemoryRequest) > Value(resources.MemoryLimit))
        {
            yield return $"the memory request {resources.MemoryRequest} is above the memory limit {resources.MemoryLimit}";
        }
    }

    /// <summary>The quantity as a number (infinity when far too large); the text matched <see cref="SettingValues.Quantity"/>'s pattern.</summary>
    public static double Value(string quantity)
    {
        foreach (var (suffix, factor) in Suffixes)
        {
            // Binary suffixes come first so "Mi" is not read as "M"; exponent forms ("1e3") end in a digit.
            if (quantity.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(quantity[..^suffix.Length], NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                return number * factor;
            }
        }

        return double.Parse(quantity, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
