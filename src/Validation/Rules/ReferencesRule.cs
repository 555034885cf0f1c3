using System.Text.Json.Nodes;
using KanikoImages.Validation.Resources;

namespace KanikoImages.Validation.Rules;

/// <summary>
/// Every ConfigMap, Secret and ServiceAccount a Job's pod uses (volumes, envFrom, env valueFrom,
/// serviceAccountName, imagePullSecrets) is in the manifest, in the Job's namespace, or declared external:
/// images.yaml's external lists plus the registry secret (kaniko.registrySecret) and the git credentials secret
/// (git.credentialsSecret), which exist in the cluster by design. References marked optional and the namespace's
/// "default" ServiceAccount need nothing.
/// </summary>
public sealed class ReferencesRule : IManifestRule
{
    private sealed record Reference(string Kind, string Name, string Path);

    public IEnumerable<Finding> Check(RuleInputs inputs)
    {
        var present = inputs.Readable
            .Select(r => (r.Kind, Namespace: inputs.NamespaceOf(r), r.Name))
            .ToHashSet();
        var external = External(inputs);
        foreach (var job in inputs.Jobs)
        {
            var ns = inputs.NamespaceOf(job);
            foreach (var reference in References(job.Object!["spec"]?["template"]?["spec"] as JsonObject).Distinct())
            {
                if (!present.Contains((reference.Kind, ns, reference.Name)) && !external.Contains((reference.Kind, reference.Name)))
                {
                    yield return Finding.For(
                        job,
                        reference.Path,
                        $"{reference.Kind} \"{reference.Name}\" is neither in the manifest (namespace {ns}) nor declared external in images.yaml",
                        ResourceStatus.Invalid,
                        Layers.Rules);
                }
            }
        }
    }

    private static HashSet<(string Kind, string Name)> External(RuleInputs inputs)
    {
        var set = new HashSet<(string, string)> { ("ServiceAccount", "default") };
        if (inputs.Catalog?.Settings is not { } settings)
        {
            return set;
        }

        set.UnionWith(settings.External.Secrets.Select(n => ("Secret", n)));
        set.UnionWith(settings.External.ConfigMaps.Select(n => ("ConfigMap", n)));
        set.UnionWith(settings.External.ServiceAccounts.Select(n => ("ServiceAccount", n)));
        set.Add(("Secret", settings.Kaniko.RegistrySecret));
        if (!string.IsNullOrEmpty(settings.Git.CredentialsSecret))
        {
            set.Add(("Secret", settings.Git.CredentialsSecret));
        }

        return set;
    }

    private static IEnumerable<Reference> References(JsonObject? pod)
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
                yield return new Reference("ServiceAccount", account, $"{at}/{key}");
            }
        }

        foreach (var (secret, i) in Items(pod["imagePullSecrets"]))
        {
            if (JsonText.Of(secret["name"]) is { } name)
            {
                yield return new Reference("Secret", name, $"{at}/imagePullSecrets/{i}/name");
            }
        }

        foreach (var (volume, i) in Items(pod["volumes"]))
        {
            var path = $"{at}/volumes/{i}";
            if (Named(volume["configMap"], "name") is { } configMap)
            {
                yield return new Reference("ConfigMap", configMap, path + "/configMap/name");
            }

            if (Named(volume["secret"], "secretName") is { } secret)
            {
                yield return new Reference("Secret", secret, path + "/secret/secretName");
            }

            foreach (var (source, j) in Items(volume["projected"]?["sources"]))
            {
                if (Named(source["configMap"], "name") is { } projectedMap)
                {
                    yield return new Reference("ConfigMap", projectedMap, $"{path}/projected/sources/{j}/configMap/name");
                }

                if (Named(source["secret"], "name") is { } projectedSecret)
                {
                    yield return new Reference("Secret", projectedSecret, $"{path}/projected/sources/{j}/secret/name");
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
                        yield return new Reference("ConfigMap", configMap, $"{path}/envFrom/{j}/configMapRef/name");
                    }

                    if (Named(source["secretRef"], "name") is { } secret)
                    {
                        yield return new Reference("Secret", secret, $"{path}/envFrom/{j}/secretRef/name");
                    }
                }

                foreach (var (variable, j) in Items(container["env"]))
                {
                    if (Named(variable["valueFrom"]?["configMapKeyRef"], "name") is { } configMap)
                    {
                        yield return new Reference("ConfigMap", configMap, $"{path}/env/{j}/valueFrom/configMapKeyRef/name");
                    }

                    if (Named(variable["valueFrom"]?["secretKeyRef"], "name") is { } secret)
                    {
                        yield return new Reference("Secret", secret, $"{path}/env/{j}/valueFrom/secretKeyRef/name");
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
