using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace KanikoImages.Status;

/// <summary>An API client and where its configuration came from (for messages).</summary>
public sealed record ClusterClient(IKubernetes Api, string Server, string Source) : IDisposable
{
    public void Dispose() => Api.Dispose();
}

/// <summary>
/// Connects the way kubectl does: the files named by KUBECONFIG (merged, first wins) or ~/.kube/config with its
/// current context (or <c>contextName</c>); without any kubeconfig, the in-cluster service account when running in a pod.
/// </summary>
public static class ClusterConnection
{
    /// <summary>Every REST call gives up after this, so an unreachable cluster is an error within seconds, not minutes.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    /// <param name="contextName">--context; null: the kubeconfig's current context.</param>
    /// <param name="environment">Environment variables (KUBECONFIG is read from here).</param>
    /// <param name="homeDirectory">Where ~/.kube/config is looked for.</param>
    public static ClusterClient Connect(string? contextName, IReadOnlyDictionary<string, string> environment, string homeDirectory)
    {
        var files = KubeconfigFiles(environment, homeDirectory);
        KubernetesClientConfiguration configuration;
        string source;
        if (files.Count > 0)
        {
            configuration = FromKubeconfig(files, contextName);
            source = $"kubeconfig {string.Join(Path.PathSeparator, files.Select(f => f.FullName))}, context {configuration.CurrentContext}";
        }
        else if (contextName is null && KubernetesClientConfiguration.IsInCluster())
        {
            configuration = KubernetesClientConfiguration.InClusterConfig();
            source = "in-cluster service account";
        }
        else
        {
            throw new StatusException(
                environment.TryGetValue("KUBECONFIG", out var named) && named.Length > 0
                    ? $"No kubeconfig: KUBECONFIG names {named}, which does not exist."
                    : $"No kubeconfig: KUBECONFIG is not set, {Path.Combine(homeDirectory, ".kube", "config")} does not exist" +
                      (contextName is null ? " and this is not running inside a Kubernetes pod." : $" (needed for --context {contextName})."));
        }

        configuration.HttpClientTimeout = RequestTimeout;
        return new ClusterClient(new Kubernetes(configuration), configuration.Host, source);
    }

    /// <summary>KUBECONFIG's existing files (a path list, like kubectl), else ~/.kube/config when it exists.</summary>
    private static List<FileInfo> KubeconfigFiles(IReadOnlyDictionary<string, string> environment, string homeDirectory)
    {
        if (environment.TryGetValue("KUBECONFIG", out var list) && list.Length > 0)
        {
            var paths = list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
            if (paths.FirstOrDefault(Directory.Exists) is { } folder)
            {
                throw new StatusException($"KUBECONFIG names {folder}, which is a folder; it must name kubeconfig files.");
            }

            return paths.Select(p => new FileInfo(p)).Where(f => f.Exists).ToList();
        }

        // Without a home folder there is no ~/.kube/config (and never one relative to the current folder).
        var home = new FileInfo(Path.Combine(homeDirectory, ".kube", "config"));
        return homeDirectory.Length > 0 && home.Exists ? [home] : [];
    }

    /// <summary>kubectl's merge of a KUBECONFIG list: the first file that sets a value or defines a name wins.</summary>
    private static K8SConfiguration Merge(List<FileInfo> files)
    {
        // kubectl reads an empty file as a kubeconfig that defines nothing; LoadKubeConfig fails on it.
        var configs = files.Select(f => f.Length == 0 ? new K8SConfiguration() : KubernetesClientConfiguration.LoadKubeConfig(f)).ToList();
        return new K8SConfiguration
        {
            CurrentContext = configs.Select(c => c.CurrentContext).FirstOrDefault(c => !string.IsNullOrEmpty(c)),
            Contexts = configs.SelectMany(c => c.Contexts ?? []).DistinctBy(c => c.Name).ToList(),
            Clusters = configs.SelectMany(c => c.Clusters ?? []).DistinctBy(c => c.Name).ToList(),
            Users = configs.SelectMany(c => c.Users ?? []).DistinctBy(u => u.Name).ToList(),
        };
    }

    private static KubernetesClientConfiguration FromKubeconfig(List<FileInfo> files, string? contextName)
    {
        var names = string.Join(", ", files.Select(f => f.FullName));
        try
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigObject(Merge(files), contextName);
        }
        catch (KubeConfigException e)
        {
            throw new StatusException($"{names}: {e.Message}");
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or ArgumentException or UriFormatException)
        {
            throw new StatusException($"{names}: not a usable kubeconfig ({e.Message}).");
        }
        catch (NullReferenceException)
        {
            // KubernetesClient's reaction to a document without the mappings it expects (e.g. only comments).
            throw new StatusException($"{names}: not a usable kubeconfig (it defines no clusters, users and contexts).");
        }
    }
}
