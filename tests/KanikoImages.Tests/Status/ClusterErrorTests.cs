using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KanikoImages.Status;
using KanikoImages.Tests.Support;
using static KanikoImages.Tests.Status.ClusterObjects;

namespace KanikoImages.Tests.Status;

/// <summary>Every way of not getting an answer ends in a message that says what to fix, within seconds.</summary>
public sealed class ClusterErrorTests : IDisposable
{
    private readonly FakeKubernetesApi _api = new();
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        _api.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void No_kubeconfig_anywhere_is_an_error_naming_where_it_looked()
    {
        var error = Assert.Throws<StatusException>(() => ClusterConnection.Connect(null, new Dictionary<string, string>(), _temp.Path));

        Assert.Contains("No kubeconfig", error.Message);
        Assert.Contains("KUBECONFIG is not set", error.Message);
        Assert.Contains(Path.Combine(_temp.Path, ".kube", "config"), error.Message);
        Assert.Contains("not running inside a Kubernetes pod", error.Message);
    }

    [Fact]
    public void Kubeconfig_variable_naming_a_missing_file_is_an_error_naming_it()
    {
        var missing = Path.Combine(_temp.Path, "nope.yaml");

        var error = Assert.Throws<StatusException>(() => ClusterConnection.Connect(null, Kubeconfig(missing), _temp.Path));

        Assert.Equal($"No kubeconfig: KUBECONFIG names {missing}, which does not exist.", error.Message);
    }

    [Fact]
    public void Home_kubeconfig_is_used_when_the_variable_is_not_set()
    {
        Directory.CreateDirectory(Path.Combine(_temp.Path, ".kube"));
        File.Move(_api.WriteKubeconfig(_temp.Path), Path.Combine(_temp.Path, ".kube", "config"));

        using var client = ClusterConnection.Connect(null, new Dictionary<string, string>(), _temp.Path);

        Assert.Equal(_api.Server, client.Server.TrimEnd('/'));
        Assert.Contains("context fake", client.Source);
    }

    [Fact]
    public void Unknown_context_is_an_error_naming_the_context_and_the_file()
    {
        var kubeconfig = _api.WriteKubeconfig(_temp.Path);

        var error = Assert.Throws<StatusException>(() => ClusterConnection.Connect("staging", Kubeconfig(kubeconfig), _temp.Path));

        Assert.Contains(kubeconfig, error.Message);
        Assert.Contains("staging", error.Message);
    }

    [Fact]
    public void Context_option_selects_another_context_than_the_current_one()
    {
        var first = _api.WriteKubeconfig(Directory.CreateDirectory(Path.Combine(_temp.Path, "a")).FullName, context: "ci");
        using var other = new FakeKubernetesApi();
        var second = other.WriteKubeconfig(Directory.CreateDirectory(Path.Combine(_temp.Path, "b")).FullName, context: "staging");
        var both = new Dictionary<string, string> { ["KUBECONFIG"] = first + Path.PathSeparator + second };

        using var current = ClusterConnection.Connect(null, both, _temp.Path);
        using var chosen = ClusterConnection.Connect("staging", both, _temp.Path);

        Assert.Equal(_api.Server, current.Server.TrimEnd('/'));
        Assert.Equal(other.Server, chosen.Server.TrimEnd('/'));
    }

    [Fact]
    public async Task Cluster_that_refuses_connections_is_an_error_naming_the_server_within_seconds()
    {
        var port = ClosedPort();
        var kubeconfig = _api.WriteKubeconfig(_temp.Path);
        File.WriteAllText(kubeconfig, File.ReadAllText(kubeconfig).Replace(_api.Server, $"http://127.0.0.1:{port}"));
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<StatusException>(() => ReadAsync(kubeconfig));

        Assert.StartsWith($"Cannot reach the Kubernetes API server at http://127.0.0.1:{port}", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Cluster_that_never_answers_is_an_error_after_the_request_timeout()
    {
        // Accepts connections (the kernel's backlog) and never answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var server = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        var kubeconfig = _api.WriteKubeconfig(_temp.Path);
        File.WriteAllText(kubeconfig, File.ReadAllText(kubeconfig).Replace(_api.Server, server));
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<StatusException>(() => ReadAsync(kubeconfig));

        Assert.Equal($"The Kubernetes API server at {server} did not answer within 5 s (list jobs.batch).", error.Message);
        // The client's timer may fire a few milliseconds before the stopwatch reaches the timeout (seen: 4.998 s).
        Assert.InRange(watch.Elapsed, ClusterConnection.RequestTimeout - TimeSpan.FromMilliseconds(100), ClusterConnection.RequestTimeout * 3);
    }

    [Theory]
    [InlineData("list jobs", "list", "jobs", "batch")]
    [InlineData("list pods", "list", "pods", "")]
    public async Task Rbac_refusal_names_the_missing_verb_and_resource(string refused, string verb, string resource, string group)
    {
        _api.Jobs.Add(Job(Image("app")));
        _api.Forbidden.Add(refused);

        var error = await Assert.ThrowsAsync<StatusException>(() => ReadAsync(_api.WriteKubeconfig(_temp.Path)));

        var qualified = group.Length == 0 ? resource : $"{resource}.{group}";
        Assert.StartsWith($"Forbidden: not allowed to {verb} {qualified} in namespace {Namespace}", error.Message);
        Assert.Contains($"Grant the verb \"{verb}\" on resource \"{resource}\" (API group \"{group}\")", error.Message);
        Assert.Contains($"cannot {verb} resource \"{resource}\"", error.Message);
    }

    [Fact]
    public async Task Missing_namespace_is_an_error_naming_it()
    {
        _api.Namespaces.Clear();

        var error = await Assert.ThrowsAsync<StatusException>(() => ReadAsync(_api.WriteKubeconfig(_temp.Path)));

        Assert.StartsWith($"Namespace {Namespace} does not exist at {_api.Server}", error.Message);
        Assert.Contains("--namespace", error.Message);
    }

    [Fact]
    public async Task Empty_namespace_that_exists_shows_every_image_as_not_synced()
    {
        var report = await ReadAsync(_api.WriteKubeconfig(_temp.Path));

        Assert.Equal(BuildState.NotSynced, Assert.Single(report.Images).State);
        Assert.Contains(_api.Requests, r => r == $"GET /api/v1/namespaces/{Namespace}");
    }

    [Fact]
    public async Task Namespace_that_cannot_be_read_is_not_mistaken_for_a_missing_one()
    {
        _api.Namespaces.Clear();
        _api.Forbidden.Add("get namespaces");

        var report = await ReadAsync(_api.WriteKubeconfig(_temp.Path));

        Assert.Equal(BuildState.NotSynced, Assert.Single(report.Images).State);
    }

    private static Dictionary<string, string> Kubeconfig(string path) => new() { ["KUBECONFIG"] = path };

    private async Task<StatusReport> ReadAsync(string kubeconfig)
    {
        using var client = ClusterConnection.Connect(null, Kubeconfig(kubeconfig), _temp.Path);
        return await StatusQuery.ReadAsync(new ClusterReader(client, Namespace), Catalog(Image("app")), TimeProvider.System, CancellationToken.None);
    }

    /// <summary>A port nothing listens on: bound and released, so connecting is refused at once.</summary>
    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
