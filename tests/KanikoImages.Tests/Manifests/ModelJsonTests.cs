using System.Text;
using k8s;
using k8s.Models;
using KanikoImages.Images;
using KanikoImages.Manifests.Output;
using YamlDotNet.RepresentationModel;

namespace KanikoImages.Tests.Manifests;

/// <summary>
/// The manifest's JSON form comes from a source-generated serializer instead of KubernetesJson; it must give the very
/// same bytes, or the YAML would differ.
/// </summary>
public sealed class ModelJsonTests
{
    [Fact]
    public void Every_document_of_a_catalog_using_every_option_serializes_as_KubernetesJson_does()
    {
        using var images = GoldenCatalog.EveryOption();
        var documents = images.Generate(GoldenCatalog.Sources()).Manifest.Text().Split("---\n");

        var text = string.Concat(documents);
        Assert.All(["eks.amazonaws.com/role-arn", "corporate-ca", "tolerationSeconds: 3600", "linux/arm64/v8", "pull-b", "binaryData", "500m"], s => Assert.Contains(s, text));
        foreach (var document in KubernetesYaml.LoadAllFromString(string.Join("---\n", documents)))
        {
            AssertSameJson(document);
        }
    }

    [Fact]
    public void Fields_the_builders_leave_unset_serialize_as_KubernetesJson_does()
    {
        // Quantities in non-canonical forms, int-or-string ports, binary data, booleans, nested lists and maps.
        var job = KubernetesYaml.Deserialize<V1Job>("""
            apiVersion: batch/v1
            kind: Job
            metadata: {name: x, labels: {"a/b": "1"}, annotations: {z: "", a: "yes"}}
            spec:
              completions: 1
              suspend: false
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: c
                    image: busybox
                    ports: [{containerPort: 80, protocol: TCP}]
                    resources: {limits: {cpu: "0.5", memory: 1e3, ephemeral-storage: 1Gi}, requests: {cpu: 100m}}
                    livenessProbe: {httpGet: {path: /, port: http}, periodSeconds: 3}
                    readinessProbe: {tcpSocket: {port: 8080}}
                    securityContext: {capabilities: {add: [SYS_ADMIN], drop: [ALL]}, runAsUser: 0}
            """);
        var configMap = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = "c" },
            Immutable = true,
            Data = new Dictionary<string, string> { ["text"] = "line\n\"quoted\" <html> & \u00e9 \u2028 \ud83d\ude00 \u0001" },
            BinaryData = new Dictionary<string, byte[]> { ["bin"] = [0, 1, 2, 255] },
        };

        AssertSameJson(job);
        AssertSameJson(configMap);
    }

    [Theory]
    [InlineData("0.5", "1.5Gi", "2000m", "1e3")]
    [InlineData("100m", "1024Ki", "1.1", "1.1Gi")]
    [InlineData("1", "128974848", "0.001", "129e6")]
    public void Quantities_are_written_in_KubernetesClient_s_canonical_form(string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit)
    {
        using var images = new TestImages();
        // Twice: the second Job takes the quantities parsed for the first.
        foreach (var name in new[] { "a", "b" })
        {
            images.AddText(name, [("Dockerfile", "FROM alpine:3.20\n")], i => i with { Resources = new ResourceSettings(cpuRequest, memoryRequest, cpuLimit, memoryLimit) });
        }

        foreach (var image in images.Generate().Images)
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(Encoding.UTF8.GetString(image.Documents[^1])));
            var kaniko = (YamlMappingNode)((YamlSequenceNode)yaml.Documents[0].RootNode["spec"]["template"]["spec"]["containers"])[0];
            var resources = kaniko["resources"];
            Assert.Equal(
                new[] { cpuLimit, memoryLimit, cpuRequest, memoryRequest }.Select(q => new ResourceQuantity(q).ToString()),
                new[] { resources["limits"]["cpu"], resources["limits"]["memory"], resources["requests"]["cpu"], resources["requests"]["memory"] }.Select(n => ((YamlScalarNode)n).Value));
        }
    }

    [Fact]
    public void A_kind_the_manifest_never_holds_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ModelJson.Serialize(new V1Pod()));
    }

    private static void AssertSameJson(object document) =>
        Assert.Equal(KubernetesJson.Serialize(document), Encoding.UTF8.GetString(ModelJson.Serialize(document)));
}
