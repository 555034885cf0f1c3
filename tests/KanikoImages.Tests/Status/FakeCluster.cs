using KanikoImages.Status;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Status;

/// <summary>The fake API server and a KubernetesClient connected to it through a kubeconfig in a temp folder.</summary>
public sealed class FakeCluster : IDisposable
{
    public FakeCluster()
    {
        Client = ClusterConnection.Connect(null, new Dictionary<string, string> { ["KUBECONFIG"] = Api.WriteKubeconfig(Temp.Path) }, Temp.Path);
    }

    public FakeKubernetesApi Api { get; } = new();

    public TempDirectory Temp { get; } = new();

    public ClusterClient Client { get; }

    public ClusterReader Reader => new(Client, ClusterObjects.Namespace);

    public void Dispose()
    {
        Client.Dispose();
        Api.Dispose();
        Temp.Dispose();
    }
}
