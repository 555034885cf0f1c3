using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KanikoImages.Images.Discovery;
using KanikoImages.Validation.Resources;

namespace KanikoImages.Validation.Rules;

/// <summary>
/// Names the API server would reject although the schema accepts any string: resource names are DNS-1123
/// subdomains (a Job's name is also the job-name label of its pods, so at most 63 characters), namespaces and
/// container/volume names DNS-1123 labels, label keys qualified names and label values at most 63 characters.
/// </summary>
public sealed partial class NamesRule : IResourceRule
{
    public IEnumerable<Finding> Check(ManifestResource resource)
    {
        if (resource.Object!["metadata"]?["name"] is not null)
        {
            var limit = resource.Kind == "Job" ? KubernetesName.MaxLength : 253;
            foreach (var problem in Subdomain(resource.Name, limit))
            {
                yield return Invalid(resource, "/metadata/name", problem);
            }
        }

        if (resource.Namespace is { } ns)
        {
            foreach (var problem in Label(ns))
            {
                yield return Invalid(resource, "/metadata/namespace", problem);
            }
        }

        foreach (var finding in Labels(resource, "/metadata/labels", resource.Object["metadata"]?["labels"] as JsonObject))
        {
            yield return finding;
        }

        if (resource.Kind == "Job" && resource.Object["spec"]?["template"] is JsonObject template)
        {
            foreach (var finding in Labels(resource, "/spec/template/metadata/labels", template["metadata"]?["labels"] as JsonObject)
                .Concat(PodNames(resource, template["spec"] as JsonObject)))
            {
                yield return finding;
            }
        }
    }

    private static IEnumerable<Finding> PodNames(ManifestResource resource, JsonObject? pod)
    {
        foreach (var list in new[] { "initContainers", "containers", "volumes" })
        {
            if (pod?[list] is not JsonArray items)
            {
                continue;
            }

            for (var i = 0; i < items.Count; i++)
            {
                if (JsonText.Of(items[i]?["name"]) is { } name)
                {
                    foreach (var problem in Label(name))
                    {
                        yield return Invalid(resource, $"/spec/template/spec/{list}/{i}/name", problem);
                    }
                }
            }
        }
    }

    private static IEnumerable<Finding> Labels(ManifestResource resource, string path, JsonObject? labels)
    {
        foreach (var (key, value) in labels ?? [])
        {
            var at = path + "/" + JsonText.Segment(key);
            foreach (var problem in LabelKey(key))
            {
                yield return Invalid(resource, at, problem);
            }

            var text = JsonText.Of(value);
            if (text is not null && (text.Length > KubernetesName.MaxLength || !LabelValuePattern().IsMatch(text)))
            {
                yield return Invalid(resource, at, $"label value \"{text}\" must be at most {KubernetesName.MaxLength} characters of [A-Za-z0-9-_.], starting and ending with a letter or digit");
            }
        }
    }

    /// <summary>Problems of a DNS-1123 subdomain of at most <paramref name="limit"/> characters.</summary>
    public static IEnumerable<string> Subdomain(string name, int limit)
    {
        if (name.Length > limit)
        {
            yield return $"\"{name}\" is {name.Length} characters long; at most {limit} are allowed";
        }

        if (!SubdomainPattern().IsMatch(name))
        {
            yield return $"\"{name}\" is not a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit";
        }
    }

    /// <summary>Problems of a DNS-1123 label (at most 63 characters).</summary>
    public static IEnumerable<string> Label(string name)
    {
        if (name.Length > KubernetesName.MaxLength)
        {
            yield return $"\"{name}\" is {name.Length} characters long; at most {KubernetesName.MaxLength} are allowed";
        }

        if (!LabelPattern().IsMatch(name))
        {
            yield return $"\"{name}\" is not a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit";
        }
    }

    private static IEnumerable<string> LabelKey(string key)
    {
        var slash = key.LastIndexOf('/');
        var prefix = slash < 0 ? null : key[..slash];
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (prefix is not null)
        {
            foreach (var problem in Subdomain(prefix, 253))
            {
                yield return "label key prefix " + problem;
            }
        }

        if (name.Length == 0 || name.Length > KubernetesName.MaxLength || !LabelValuePattern().IsMatch(name))
        {
            yield return $"label key \"{key}\": the name part must be 1-{KubernetesName.MaxLength} characters of [A-Za-z0-9-_.], starting and ending with a letter or digit";
        }
    }

    private static Finding Invalid(ManifestResource resource, string path, string message) =>
        Finding.For(resource, path, message, ResourceStatus.Invalid, Layers.Rules);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex SubdomainPattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex LabelPattern();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValuePattern();
}
