using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace KanikoImages.Status;

/// <summary>
/// One request to the API server, described by its RBAC verb and resource, so a failure becomes a message that says
/// what was refused and where: a 403 names the verb and resource to grant, a timeout or refused connection the server.
/// </summary>
public sealed record ApiCall(string Verb, string Resource, string Group, string Namespace, string Server)
{
    /// <summary>"jobs.batch", "pods": how kubectl and the API server name a resource in messages.</summary>
    public string QualifiedResource => Group.Length == 0 ? Resource : $"{Resource}.{Group}";

    public async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (HttpOperationException e)
        {
            throw Explain(e);
        }
        catch (HttpRequestException e)
        {
            throw new StatusException($"Cannot reach the Kubernetes API server at {Server} ({Innermost(e).Message}).");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's own timeout (ClusterConnection.RequestTimeout), not the caller's cancellation.
            throw new StatusException(
                $"The Kubernetes API server at {Server} did not answer within {ClusterConnection.RequestTimeout.TotalSeconds:0} s ({Verb} {QualifiedResource}).");
        }
    }

    /// <summary>The message for an error answer, from the Status object the API server sends with it.</summary>
    public StatusException Explain(HttpOperationException e)
    {
        var status = ReadStatus(e.Response?.Content);
        var detail = status?.Message ?? e.Response?.ReasonPhrase ?? e.Message;
        return e.Response?.StatusCode switch
        {
            HttpStatusCode.Forbidden => new StatusException(
                $"Forbidden: not allowed to {Verb} {QualifiedResource} in namespace {Namespace} at {Server}. " +
                $"Grant the verb \"{Verb}\" on resource \"{Resource}\" (API group \"{Group}\") to this user or service account " +
                $"(a Role and RoleBinding in {Namespace}). The API server said: {detail}"),
            HttpStatusCode.Unauthorized => new StatusException(
                $"Unauthorized at {Server}: the credentials of the kubeconfig context were rejected ({detail})."),
            HttpStatusCode.NotFound => new StatusException($"Not found at {Server} while trying to {Verb} {QualifiedResource} in namespace {Namespace}: {detail}"),
            var code => new StatusException($"The Kubernetes API server at {Server} answered {(int?)code} to {Verb} {QualifiedResource} in namespace {Namespace}: {detail}"),
        };
    }

    private static V1Status? ReadStatus(string? content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return null;
        }

        try
        {
            var status = KubernetesJson.Deserialize<V1Status>(content);
            return status?.Kind == "Status" ? status : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
