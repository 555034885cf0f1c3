namespace KanikoImages.Validation.Rules;

/// <summary>
/// Every ConfigMap, Secret and ServiceAccount a Job's pod uses (volumes, envFrom, env valueFrom,
/// serviceAccountName, imagePullSecrets) is in the manifest, in the Job's namespace, or declared external:
/// images.yaml's external lists plus the registry secret (kaniko.registrySecret), the git credentials secret
/// (git.credentialsSecret), the image pull secrets (imagePullSecrets) and the CA bundle (kaniko.caBundle.configMap),
/// which exist in the cluster by design. References marked optional and the namespace's
/// "default" ServiceAccount need nothing.
/// </summary>
public sealed class ReferencesRule : IManifestRule
{
    public IEnumerable<Finding> Check(RuleInputs inputs)
    {
        var present = inputs.Resources
            .Select(r => (r.Resource.Kind, Namespace: inputs.NamespaceOf(r.Resource), r.Resource.Name))
            .ToHashSet();
        var external = External(inputs);
        foreach (var job in inputs.Jobs)
        {
            var ns = inputs.NamespaceOf(job.Resource);
            foreach (var reference in job.References)
            {
                if (!present.Contains((reference.Kind, ns, reference.Name)) && !external.Contains((reference.Kind, reference.Name)))
                {
                    yield return Finding.For(
                        job.Resource,
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
        if (settings.Kaniko.RegistrySecret is { } registrySecret)
        {
            set.Add(("Secret", registrySecret));
        }

        set.UnionWith(settings.ImagePullSecrets.Select(n => ("Secret", n)));
        if (settings.Kaniko.CaBundle.ConfigMap is { } caBundle)
        {
            set.Add(("ConfigMap", caBundle));
        }
        if (!string.IsNullOrEmpty(settings.Git.CredentialsSecret))
        {
            set.Add(("Secret", settings.Git.CredentialsSecret));
        }

        return set;
    }
}
