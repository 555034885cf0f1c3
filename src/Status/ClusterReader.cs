using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KanikoImages.Manifests;

namespace KanikoImages.Status;

/// <summary>The Jobs this project manages in one namespace, as listed at one resource version.</summary>
public sealed record JobList(IReadOnlyList<V1Job> Jobs, string? ResourceVersion);

/// <summary>The read-only API calls Status makes, each turned into a clear message when it fails.</summary>
public sealed class ClusterReader(ClusterClient client, string @namespace)
{
    /// <summary>Selects what GenerateManifests generated (and nothing else in a shared namespace).</summary>
    public const string JobSelector = "app.kubernetes.io/managed-by=" + ManifestConventions.ManagedBy;

    /// <summary>Items per list request.</summary>
    public const int PageSize = 500;

    /// <summary>The Job controller labels every pod it creates with its Job's name.</summary>
    private const string PodSelector = "job-name";

    public string Namespace => @namespace;

    public async Task<JobList> ListJobsAsync(CancellationToken cancellationToken)
    {
        var (jobs, resourceVersion) = await ListAllAsync(
            Call("list", "jobs", "batch"),
            next => client.Api.BatchV1.ListNamespacedJobAsync(
                @namespace, continueParameter: next, labelSelector: JobSelector, limit: PageSize, cancellationToken: cancellationToken),
            list => (list.Items, list.Metadata),
            cancellationToken);

        // Listing in a namespace that does not exist answers an empty list, so only then ask whether it exists.
        if (jobs.Count == 0)
        {
            await EnsureNamespaceExistsAsync(cancellationToken);
        }

        return new JobList(jobs, resourceVersion);
    }

    /// <summary>The changes to the managed Jobs after <paramref name="resourceVersion"/>, until the server ends the watch.</summary>
    public async IAsyncEnumerable<(WatchEventType Type, V1Job Job)> WatchJobsAsync(
        string? resourceVersion,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var call = Call("watch", "jobs", "batch");
        var changes = client.Api.BatchV1.WatchListNamespacedJobAsync(
            @namespace,
            allowWatchBookmarks: true,
            labelSelector: JobSelector,
            resourceVersion: resourceVersion,
            cancellationToken: cancellationToken);
        await using var enumerator = changes.GetAsyncEnumerator(cancellationToken);

        // The request is sent by the first MoveNextAsync, so that is where a 403 or a refused connection surfaces.
        while (await call.RunAsync(() => NextAsync(enumerator), cancellationToken))
        {
            yield return enumerator.Current;
        }
    }

    public async Task<IReadOnlyList<V1Pod>> ListPodsAsync(CancellationToken cancellationToken)
    {
        var (pods, _) = await ListAllAsync(
            Call("list", "pods", ""),
            next => client.Api.CoreV1.ListNamespacedPodAsync(
                @namespace, continueParameter: next, labelSelector: PodSelector, limit: PageSize, cancellationToken: cancellationToken),
            list => (list.Items, list.Metadata),
            cancellationToken);
        return pods;
    }

    /// <summary>The last lines of a container's log; empty when the log is gone (pod deleted, node lost).</summary>
    public async Task<IReadOnlyList<string>> LogTailAsync(V1Pod pod, string container, int lines, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await Call("get", "pods/log", "").RunAsync(
                () => client.Api.CoreV1.ReadNamespacedPodLogAsync(
                    pod.Metadata.Name, @namespace, container: container, tailLines: lines, cancellationToken: cancellationToken),
                cancellationToken);
            using var reader = new StreamReader(stream);
            var text = await reader.ReadToEndAsync(cancellationToken);
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).TakeLast(lines).ToList();
        }
        catch (StatusException) when (!cancellationToken.IsCancellationRequested)
        {
            // The log only adds detail to a failure the pod status already explains; a refused or missing log must
            // not hide the rest of the report.
            return [];
        }
    }

    /// <summary>
    /// Every page of a list (one consistent snapshot: the continue token keeps the first page's resource version), so
    /// each request stays small enough for the request timeout however many images there are.
    /// </summary>
    private static async Task<(List<T> Items, string? ResourceVersion)> ListAllAsync<TList, T>(
        ApiCall call, Func<string?, Task<TList>> page, Func<TList, (IList<T> Items, V1ListMeta? Metadata)> parts, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? next = null;
        while (true)
        {
            var (pageItems, metadata) = parts(await call.RunAsync(() => page(next), cancellationToken));
            items.AddRange(pageItems);
            next = metadata?.ContinueProperty;
            if (string.IsNullOrEmpty(next))
            {
                return (items, metadata?.ResourceVersion);
            }
        }
    }

    private Task EnsureNamespaceExistsAsync(CancellationToken cancellationToken) =>
        Call("get", "namespaces", "").RunAsync(
            async () =>
            {
                try
                {
                    await client.Api.CoreV1.ReadNamespaceAsync(@namespace, cancellationToken: cancellationToken);
                }
                catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
                {
                    throw new StatusException(
                        $"Namespace {@namespace} does not exist at {client.Server} ({client.Source}). " +
                        "Set the namespace in images.yaml (namespace) or with --namespace.");
                }
                catch (HttpOperationException)
                {
                    // Reading a namespace needs a cluster-wide permission many build accounts lack: then it cannot be
                    // told apart from an empty namespace, and the report simply shows nothing synced.
                }

                return true;
            },
            cancellationToken);

    /// <summary>
    /// The next change, or false when the watch ended. A server ending a watch (its timeout, an expired resource version)
    /// surfaces in KubernetesClient as an EndOfStreamException (kubernetes-client/csharp#893): an end, not an error.
    /// </summary>
    private static async Task<bool> NextAsync(IAsyncEnumerator<(WatchEventType, V1Job)> enumerator)
    {
        try
        {
            return await enumerator.MoveNextAsync();
        }
        catch (HttpRequestException e) when (e.InnerException is EndOfStreamException)
        {
            return false;
        }
    }

    private ApiCall Call(string verb, string resource, string group) => new(verb, resource, group, @namespace, client.Server);
}
