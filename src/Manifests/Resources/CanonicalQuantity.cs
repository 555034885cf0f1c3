using System.Collections.Concurrent;
using k8s.Models;

namespace KanikoImages.Manifests.Resources;

/// <summary>
/// A resource quantity whose canonical text (what KubernetesClient writes: "0.5" becomes "500m") is worked out once:
/// ResourceQuantity parses with big-integer fractions and canonicalizes again on every ToString, which its JSON
/// converter calls for each Job written. It is immutable, so each text is parsed once per run and shared by the Jobs.
/// </summary>
internal sealed class CanonicalQuantity : ResourceQuantity
{
    private static readonly ConcurrentDictionary<string, CanonicalQuantity> Parsed = new(StringComparer.Ordinal);

    private readonly string _text;

    private CanonicalQuantity(string value)
        : base(value) => _text = base.ToString();

    public static ResourceQuantity Of(string value) => Parsed.GetOrAdd(value, v => new CanonicalQuantity(v));

    public override string ToString() => _text;
}
