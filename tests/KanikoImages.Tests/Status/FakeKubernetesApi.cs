using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using k8s;
using k8s.KubeConfigModels;
using k8s.Models;

namespace KanikoImages.Tests.Status;

/// <summary>
/// A Kubernetes API server stand-in on 127.0.0.1: answers the paths KubernetesClient calls for Status (Jobs list and
/// watch, Pods list, pod logs, namespaces) with KubernetesClient's own models serialised by KubernetesJson, Status
/// objects for 403/404 shaped like the real API server's, and a chunked newline-delimited watch stream.
/// </summary>
public sealed partial class FakeKubernetesApi : IDisposable
{
    private readonly HttpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<string?> _watchEvents = Channel.CreateUnbounded<string?>();

    public FakeKubernetesApi()
    {
        _listener = Support.LoopbackListener.Start(out var port);
        Port = port;
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Server => $"http://127.0.0.1:{Port}";

    public HashSet<string> Namespaces { get; } = ["kaniko-builds"];

    public List<V1Job> Jobs { get; } = [];

    public List<V1Pod> Pods { get; } = [];

    /// <summary>Pod name -> the build container's log text.</summary>
    public Dictionary<string, string> Logs { get; } = [];

    /// <summary>"verb resource" pairs RBAC refuses, e.g. "list jobs", "list pods", "watch jobs".</summary>
    public HashSet<string> Forbidden { get; } = [];

    /// <summary>Runs when a watch request arrives, before its stream starts (to change what the next list returns).</summary>
    public event Action? WatchStarted;

    /// <summary>Every request as "GET /path?query", in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Sends one event to the open (or next) watch stream.</summary>
    public void Watch(WatchEventType type, V1Job job) =>
        _watchEvents.Writer.TryWrite(KubernetesJson.Serialize(new { type = type.ToString().ToUpperInvariant(), @object = job }));

    /// <summary>Sends an ERROR event and ends the stream, as the API server does when the watch's resource version is too old.</summary>
    public void WatchGone()
    {
        _watchEvents.Writer.TryWrite($"{{\"type\":\"ERROR\",\"object\":{StatusText(Failure(410, "Expired", "too old resource version: 1000 (1500)", new V1StatusDetails()))}}}");
        EndWatch();
    }

    /// <summary>Ends the current watch stream, as the API server does when a watch times out.</summary>
    public void EndWatch() => _watchEvents.Writer.TryWrite(null);

    /// <summary>A kubeconfig (written as JSON, which kubeconfig readers accept) whose current context points here.</summary>
    public string WriteKubeconfig(string folder, string context = "fake")
    {
        var config = new K8SConfiguration
        {
            ApiVersion = "v1",
            Kind = "Config",
            CurrentContext = context,
            Clusters = [new Cluster { Name = $"{context}-cluster", ClusterEndpoint = new ClusterEndpoint { Server = Server } }],
            Users = [new User { Name = $"{context}-user", UserCredentials = new UserCredentials { Token = "test-token" } }],
            Contexts = [new Context { Name = context, ContextDetails = new ContextDetails { Cluster = $"{context}-cluster", User = $"{context}-user" } }],
        };
        var path = Path.Combine(folder, "kubeconfig");
        File.WriteAllText(path, KubernetesYaml.Serialize(config));
        return path;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url!.AbsolutePath;
        Requests.Enqueue($"{request.HttpMethod} {request.Url.PathAndQuery}");
        try
        {
            await RouteAsync(context, path, request.QueryString);
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            // The test ended while a watch stream was open.
            context.Response.Abort();
        }
        catch (HttpListenerException)
        {
            // The client went away (e.g. it stopped watching).
        }
        catch (Exception e)
        {
            // A fault of this fake must fail the test at once, not leave the client waiting for its timeout.
            await SendTextAsync(context.Response, 500, e.ToString(), "text/plain");
        }
    }

    private async Task RouteAsync(HttpListenerContext context, string path, System.Collections.Specialized.NameValueCollection query)
    {
        var selector = query["labelSelector"];
        if (JobsPath().Match(path) is { Success: true } jobs)
        {
            var ns = jobs.Groups["ns"].Value;
            if (query["watch"] == "true")
            {
                if (!await RefusedAsync(context, "watch", "jobs", "batch", ns))
                {
                    WatchStarted?.Invoke();
                    await StreamWatchAsync(context.Response);
                }

                return;
            }

            if (!await RefusedAsync(context, "list", "jobs", "batch", ns))
            {
                await SendAsync(context.Response, 200, Page(new V1JobList { ApiVersion = "batch/v1", Kind = "JobList", Metadata = ListVersion }, Selected(Jobs, ns, selector), query, (l, items) => l.Items = items));
            }
        }
        else if (PodLogPath().Match(path) is { Success: true } log)
        {
            if (!await RefusedAsync(context, "get", "pods/log", "", log.Groups["ns"].Value))
            {
                var tail = int.Parse(query["tailLines"] ?? "100000");
                var lines = Logs.GetValueOrDefault(log.Groups["pod"].Value, "").Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(tail);
                await SendTextAsync(context.Response, 200, string.Join("\n", lines) + "\n", "text/plain");
            }
        }
        else if (PodsPath().Match(path) is { Success: true } pods)
        {
            var ns = pods.Groups["ns"].Value;
            if (!await RefusedAsync(context, "list", "pods", "", ns))
            {
                await SendAsync(context.Response, 200, Page(new V1PodList { ApiVersion = "v1", Kind = "PodList", Metadata = ListVersion }, Selected(Pods, ns, selector), query, (l, items) => l.Items = items));
            }
        }
        else if (NamespacePath().Match(path) is { Success: true } name)
        {
            var ns = name.Groups["ns"].Value;
            if (await RefusedAsync(context, "get", "namespaces", "", ""))
            {
                return;
            }

            await (Namespaces.Contains(ns)
                ? SendAsync(context.Response, 200, new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = ns } })
                : SendAsync(context.Response, 404, Failure(404, "NotFound", $"namespaces \"{ns}\" not found", new V1StatusDetails { Name = ns, Kind = "namespaces" })));
        }
        else
        {
            await SendTextAsync(context.Response, 404, "404 page not found\n", "text/plain");
        }
    }

    /// <summary>Answers 403 with the API server's Status object when RBAC refuses <paramref name="verb"/> on the resource.</summary>
    private async Task<bool> RefusedAsync(HttpListenerContext context, string verb, string resource, string group, string ns)
    {
        if (!Forbidden.Contains($"{verb} {resource}"))
        {
            return false;
        }

        var qualified = group.Length == 0 ? resource : $"{resource}.{group}";
        var inGroup = group.Length == 0 ? "" : $" in API group \"{group}\"";
        var where = ns.Length == 0 ? " at the cluster scope" : $" in the namespace \"{ns}\"";
        var message = $"{qualified} is forbidden: User \"system:serviceaccount:ci:builder\" cannot {verb} resource \"{resource}\"{inGroup}{where}";
        await SendAsync(context.Response, 403, Failure(403, "Forbidden", message, new V1StatusDetails { Group = group, Kind = resource }));
        return true;
    }

    /// <summary>The Status object the API server answers an error with.</summary>
    private static V1Status Failure(int code, string reason, string message, V1StatusDetails details) => new()
    {
        ApiVersion = "v1",
        Kind = "Status",
        Status = "Failure",
        Reason = reason,
        Code = code,
        Message = message,
        Details = details,
    };

    private async Task StreamWatchAsync(HttpListenerResponse response)
    {
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.SendChunked = true;
        await response.OutputStream.FlushAsync();
        while (await _watchEvents.Reader.ReadAsync(_stop.Token) is { } line)
        {
            var bytes = Encoding.UTF8.GetBytes(line + "\n");
            await response.OutputStream.WriteAsync(bytes, _stop.Token);
            await response.OutputStream.FlushAsync(_stop.Token);
        }

        response.Close();
    }

    /// <summary>The resource version every list answers (the watch then starts from it).</summary>
    private static V1ListMeta ListVersion => new() { ResourceVersion = "1000" };

    /// <summary>The page asked for by limit and continue (here: the offset of the next item), as the API server pages.</summary>
    private static TList Page<TList, T>(TList list, List<T> items, System.Collections.Specialized.NameValueCollection query, Action<TList, IList<T>> setItems)
        where TList : IMetadata<V1ListMeta>
    {
        var offset = int.Parse(query["continue"] ?? "0");
        var limit = int.Parse(query["limit"] ?? int.MaxValue.ToString());
        setItems(list, items.Skip(offset).Take(limit).ToList());
        list.Metadata.ContinueProperty = offset + limit < items.Count ? (offset + limit).ToString() : null;
        return list;
    }

    private static List<T> Selected<T>(IEnumerable<T> items, string ns, string? selector)
        where T : IMetadata<V1ObjectMeta> =>
        items.Where(i => i.Metadata.NamespaceProperty == ns && Selects(selector, i.Metadata.Labels)).ToList();

    /// <summary>Equality ("k=v") and existence ("k") selectors, comma-separated, as Status sends them.</summary>
    private static bool Selects(string? selector, IDictionary<string, string>? labels) =>
        string.IsNullOrEmpty(selector) || selector.Split(',').All(term =>
            term.Split('=', 2) is [var key, var value]
                ? labels?.TryGetValue(key, out var actual) == true && actual == value
                : labels?.ContainsKey(term) == true);

    private static Task SendAsync(HttpListenerResponse response, int code, object body) =>
        SendTextAsync(response, code, body is V1Status status ? StatusText(status) : KubernetesJson.Serialize(body), "application/json");

    /// <summary>
    /// KubernetesJson's V1Status converter only reads (its Write throws NotImplementedException), so a Status is
    /// written by System.Text.Json from the model's own property names, minus the model's computed HasObject.
    /// </summary>
    private static string StatusText(V1Status status)
    {
        var node = JsonSerializer.SerializeToNode(status, new JsonSerializerOptions { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull })!.AsObject();
        node.Remove(nameof(V1Status.HasObject));
        return node.ToJsonString();
    }

    private static async Task SendTextAsync(HttpListenerResponse response, int code, string body, string contentType)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = code;
        response.ContentType = contentType;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    [GeneratedRegex("^/apis/batch/v1/namespaces/(?<ns>[^/]+)/jobs$")]
    private static partial Regex JobsPath();

    [GeneratedRegex("^/api/v1/namespaces/(?<ns>[^/]+)/pods$")]
    private static partial Regex PodsPath();

    [GeneratedRegex("^/api/v1/namespaces/(?<ns>[^/]+)/pods/(?<pod>[^/]+)/log$")]
    private static partial Regex PodLogPath();

    [GeneratedRegex("^/api/v1/namespaces/(?<ns>[^/]+)$")]
    private static partial Regex NamespacePath();
}
