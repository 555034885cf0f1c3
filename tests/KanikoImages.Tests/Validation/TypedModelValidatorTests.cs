using KanikoImages.Tests.Support;
using KanikoImages.Validation;
using KanikoImages.Validation.Reporting;
using KanikoImages.Validation.Schemas;

namespace KanikoImages.Tests.Validation;

/// <summary>
/// The offline check of the generated kinds (the typed-model location): each kind with one thing wrong, found with
/// no schema file and no network, at the field's path and in kubeconform's words.
/// </summary>
public sealed class TypedModelValidatorTests : IDisposable
{
    private const string Job = """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: build, namespace: kaniko-builds, labels: {app: x}, annotations: {argocd.argoproj.io/sync-options: "Force=true,Replace=true"}}
        spec:
          backoffLimit: 2
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: kaniko
                image: gcr.io/kaniko
                imagePullPolicy: IfNotPresent
                args: [--cache=true]
                ports: [{containerPort: 80, protocol: TCP}]
                volumeMounts: [{name: ctx, mountPath: /workspace}]
              volumes:
              - name: ctx
                configMap: {name: ctx, items: [{key: Dockerfile, path: Dockerfile}]}
        """;

    private const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ctx
          namespace: kaniko-builds
          ownerReferences: [{apiVersion: batch/v1, kind: Job, name: build, uid: 0c8a}]
        immutable: true
        data: {Dockerfile: FROM busybox}
        """;

    private const string ServiceAccount = """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: kaniko-builder
          namespace: kaniko-builds
          ownerReferences: [{apiVersion: v1, kind: Namespace, name: kaniko-builds, uid: 1d2e}]
        automountServiceAccountToken: false
        imagePullSecrets: [{name: registry}]
        """;

    private const string Application = """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: builds, namespace: argocd, labels: {a: b}}
        spec:
          project: default
          source: {repoURL: "https://example.com/r.git", targetRevision: main, path: deploy, directory: {recurse: false}}
          destination: {server: "https://kubernetes.default.svc", namespace: kaniko-builds}
          syncPolicy:
            automated: {prune: true, selfHeal: true}
            syncOptions: [CreateNamespace=true, ApplyOutOfSyncOnly=true]
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string, string, string, string> Cases() => new()
    {
        // kind, text to replace, replacement, path, message
        { "Job", "imagePullPolicy: IfNotPresent", "imagePullPolicyy: IfNotPresent", "/spec/template/spec/containers/0", "additional properties 'imagePullPolicyy' not allowed" },
        { "Job", "backoffLimit: 2", "backoffLimit: two", "/spec/backoffLimit", "got string, want integer or null" },
        { "Job", "containerPort: 80, ", "", "/spec/template/spec/containers/0/ports/0", "missing property 'containerPort'" },
        { "Job", "- name: kaniko\n        image", "- image", "/spec/template/spec/containers/0", "missing property 'name'" },
        { "Job", "mountPath: /workspace", "mountPath: /workspace, readOnlyy: true", "/spec/template/spec/containers/0/volumeMounts/0", "additional properties 'readOnlyy' not allowed" },
        { "Job", "imagePullPolicy: IfNotPresent", "imagePullPolicy: Sometimes", "/spec/template/spec/containers/0/imagePullPolicy", "value must be one of \"Always\", \"IfNotPresent\", \"Never\"" },
        { "Job", "restartPolicy: Never", "restartPolicy: never", "/spec/template/spec/restartPolicy", "value must be one of \"Always\", \"OnFailure\", \"Never\"" },
        { "Job", "args: [--cache=true]", "args: --cache=true", "/spec/template/spec/containers/0/args", "got string, want array or null" },
        { "ConfigMap", "immutable: true", "immutable: yes please", "/immutable", "got string, want boolean or null" },
        { "ConfigMap", "data: {", "date: {", "/", "additional properties 'date' not allowed" },
        { "ConfigMap", ", uid: 0c8a", "", "/metadata/ownerReferences/0", "missing property 'uid'" },
        { "ConfigMap", "data: {Dockerfile: FROM busybox}", "data: {Dockerfile: [FROM, busybox]}", "/data/Dockerfile", "got array, want string or null" },
        { "ServiceAccount", "automountServiceAccountToken", "automountServiceAccountTokens", "/", "additional properties 'automountServiceAccountTokens' not allowed" },
        { "ServiceAccount", "imagePullSecrets: [{name: registry}]", "imagePullSecrets: {name: registry}", "/imagePullSecrets", "got object, want array or null" },
        { "ServiceAccount", "{apiVersion: v1, kind: Namespace, ", "{", "/metadata/ownerReferences/0", "missing properties 'apiVersion', 'kind'" },
        { "Application", "recurse: false", "recurse: \"false\"", "/spec/source/directory/recurse", "got string, want boolean or null" },
        { "Application", "selfHeal: true", "selfHeal: true, selfheal: true", "/spec/syncPolicy/automated", "additional properties 'selfheal' not allowed" },
        { "Application", "project: default\n  ", "", "/spec", "missing property 'project'" },
        { "Application", "ApplyOutOfSyncOnly=true]", "ApplyOutOfSyncOnly=true, {Prune: false}]", "/spec/syncPolicy/syncOptions/2", "got object, want string or null" },
    };

    [Fact]
    public void The_four_generated_kinds_are_valid_offline()
    {
        var result = Validate(Job, ConfigMap, ServiceAccount, Application);

        Assert.True(result.Findings.Count == 0, ValidationReport.Text(result));
        Assert.Equal(4, result.Summary.Valid);
        Assert.Empty(result.Notes.Where(n => !n.StartsWith("kubeconform", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void One_thing_wrong_is_found_offline_at_its_path(string kind, string find, string replace, string path, string message)
    {
        var document = Document(kind);
        Assert.Contains(find, document);

        var result = ValidateChanged(kind, document.Replace(find, replace, StringComparison.Ordinal));

        var finding = Assert.Single(result.Findings);
        Assert.Equal((path, message, Layers.TypedModel, kind), (finding.Path, finding.Message, finding.Layer, finding.Kind));
        Assert.Equal(ResourceStatus.Invalid, finding.Status);
    }

    [Fact]
    public void Without_strict_unknown_fields_pass_and_the_other_checks_still_apply()
    {
        var document = Job.Replace("backoffLimit: 2", "backoffLimit: two\n  backoffLimitt: 2", StringComparison.Ordinal);

        var result = ValidateChanged("Job", document, strict: false);

        Assert.Equal("/spec/backoffLimit", Assert.Single(result.Findings).Path);
    }

    [Fact]
    public void A_null_is_allowed_where_the_field_is_optional_and_refused_where_it_is_required()
    {
        var document = Job.Replace("backoffLimit: 2", "backoffLimit: null", StringComparison.Ordinal)
            .Replace("containerPort: 80", "containerPort: null", StringComparison.Ordinal);

        var finding = Assert.Single(ValidateChanged("Job", document).Findings);

        Assert.Equal(("/spec/template/spec/containers/0/ports/0/containerPort", "got null, want integer"), (finding.Path, finding.Message));
    }

    [Fact]
    public void The_sample_deploy_folder_passes_offline()
    {
        var options = new ValidationOptions { SchemaLocations = [SchemaLocation.TypedModel] };

        // Without the catalog only the kinds' checks count (the rules need images.yaml's external secrets).
        var result = ManifestValidator.ValidateRepository(Paths.RepositoryRoot, options, null, null);

        Assert.DoesNotContain(result.Findings, f => f.Layer is Layers.TypedModel or Layers.Schema or Layers.Reader);
        Assert.Equal(["Application", "ConfigMap", "Job", "ServiceAccount"], result.Resources.Select(r => r.Resource.Kind).Distinct().Order());
        Assert.DoesNotContain(result.Notes, n => n.Contains("no JSON schema", StringComparison.Ordinal));
    }

    private static string Document(string kind) => kind switch
    {
        "Job" => Job,
        "ConfigMap" => ConfigMap,
        "ServiceAccount" => ServiceAccount,
        _ => Application,
    };

    private ValidationResult Validate(params string[] documents) => Validate(true, documents);

    /// <summary>The four kinds together (so the project rules find what the Job refers to), one of them changed.</summary>
    private ValidationResult ValidateChanged(string kind, string document, bool strict = true) =>
        Validate(strict, [.. new[] { "Job", "ConfigMap", "ServiceAccount", "Application" }.Select(k => k == kind ? document : Document(k))]);

    private ValidationResult Validate(bool strict, params string[] documents)
    {
        var file = _dir.Write("deploy.yaml", string.Join("\n---\n", documents) + "\n");
        return ManifestValidator.Validate([file], new ValidationOptions { SchemaLocations = [SchemaLocation.TypedModel], Strict = strict });
    }
}
