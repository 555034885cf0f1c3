using System.Text.Json.Nodes;
using KanikoImages.Validation.Resources;

namespace KanikoImages.Validation.Rules;

/// <summary>A ConfigMap, Secret or ServiceAccount a pod uses, and the field (a JSON pointer) that names it.</summary>
public sealed record PodReference(string Kind, string Name, string Path)
{
    /// <summary>
    /// The references of a Job's pod spec: volumes, envFrom, env valueFrom, serviceAccountName and imagePullSecrets.
    /// References marked optional are left out: the pod starts without them.
    /// </summary>
    public static IEnumerable<PodReference> All(JsonObject? pod)
    {
        const string at = "/spec/template/spec";
        if (pod is null)
        {
            yield break;
        }

        foreach (var key in new[] { "serviceAccountName", "serviceAccount" })
        {
            if (JsonText.Of(pod[key]) is { Length: > 0 } account)
            {
                yield return new PodReference("ServiceAccount", account, $"{at}/{key}");
            }
        }

        foreach (var (secret, i) in Items(pod["imagePullSecrets"]))
        {
            if (JsonText.Of(secret["name"]) is { } name)
            {
                yield return new PodReference("Secret", name, $"{at}/imagePullSecrets/{i}/name");
            }
        }

        foreach (var (volume, i) in Items(pod["volumes"]))
        {
            var path = $"{at}/volumes/{i}";
            if (Named(volume["configMap"], "name") is { } configMap)
            {
                yield return new PodReference("ConfigMap", configMap, path + "/configMap/name");
            }

            if (Named(volume["secret"], "secretName") is { } secret)
            {
                yield return new PodReference("Secret", secret, path + "/secret/secretName");
            }

            foreach (var (source, j) in Items(volume["projected"]?["sources"]))
            {
                if (Named(source["configMap"], "name") is { } projectedMap)
                {
                    yield return new PodReference("ConfigMap", projectedMap, $"{path}/projected/sources/{j}/configMap/name");
                }

                if (Named(source["secret"], "name") is { } projectedSecret)
                {
                    yield return new PodReference("Secret", projectedSecret, $"{path}/projected/sources/{j}/secret/name");
                }
            }
        }

        foreach (var list in new[] { "initContainers", "containers" })
        {
            foreach (var (container, i) in Items(pod[list]))
            {
                var path = $"{at}/{list}/{i}";
                foreach (var (source, j) in Items(container["envFrom"]))
                {
                    if (Named(source["configMapRef"], "name") is { } configMap)
                    {
                        yield return new PodReference("ConfigMap", configMap, $"{path}/envFrom/{j}/configMapRef/name");
                    }

                    if (Named(source["secretRef"], "name") is { } secret)
                    {
                        yield return new PodReference("Secret", secret, $"{path}/envFrom/{j}/secretRef/name");
                    }
                }

                foreach (var (variable, j) in Items(container["env"]))
                {
                    if (Named(variable["valueFrom"]?["configMapKeyRef"], "name") is { } configMap)
                    {
                        yield return new PodReference("ConfigMap", configMap, $"{path}/env/{j}/valueFrom/configMapKeyRef/name");
                    }

                    if (Named(variable["valueFrom"]?["secretKeyRef"], "name") is { } secret)
                    {
                        yield return new PodReference("Secret", secret, $"{path}/env/{j}/valueFrom/secretKeyRef/name");
                    }
                }
            }
        }
    }

    /// <summary>The referenced name, unless the reference is optional (the pod starts without it).</summary>
    private static string? Named(JsonNode? reference, string key) =>
        reference is JsonObject obj && !(obj["optional"] is JsonValue optional && optional.TryGetValue<bool>(out var o) && o)
            ? JsonText.Of(obj[key])
            : null;

    private static IEnumerable<(JsonObject Item, int Index)> Items(JsonNode? node) =>
        (node as JsonArray ?? []).Select((item, i) => (Item: item as JsonObject, Index: i))
            .Where(x => x.Item is not null)
            .Select(x => (x.Item!, x.Index));
}
