using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace KanikoImages.Manifests.Output;

/// <summary>
/// The JSON form of the kinds the generator writes, as UTF-8: the same bytes as KubernetesJson.Serialize (the models'
/// property names, nulls omitted, the models' own converters for quantities and int-or-string), from a source-generated
/// serializer. KubernetesJson's options carry converters (dates, durations), which keep System.Text.Json off the
/// generated fast path and make it build the metadata of every model type it meets first; that setup was most of a
/// warm run's generation time. The generated resources hold no dates or durations (builders never set them), so those
/// converters have nothing to do here. ModelJsonTests holds this equal to KubernetesJson.
/// </summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Serialization,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(V1Job))]
[JsonSerializable(typeof(V1ConfigMap))]
[JsonSerializable(typeof(V1ServiceAccount))]
public sealed partial class ModelJson : JsonSerializerContext
{
    /// <summary>The object's JSON form; a kind this context does not know is refused (nothing falls back to reflection).</summary>
    public static byte[] Serialize(object document) =>
        JsonSerializer.SerializeToUtf8Bytes(document, Default.GetTypeInfo(document.GetType())
            ?? throw new ArgumentException($"{document.GetType().Name} is not a kind the manifest holds.", nameof(document)));
}
