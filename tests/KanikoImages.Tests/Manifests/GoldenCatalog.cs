using System.Text;
using k8s.Models;
using KanikoImages.Images;
using KanikoImages.Manifests;
using KanikoImages.Manifests.Sources;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Manifests;

/// <summary>
/// The small catalog of the golden files: a Dockerfile-only image (ConfigMap), an application built from git
/// at a pinned commit with build args and a target, and a ConfigMap context with an executable script and a
/// binary file. Regenerate the golden files with UPDATE_GOLDEN=1 dotnet test --filter GoldenManifestTests.
/// </summary>
public static class GoldenCatalog
{
    public const string PythonCommit = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    public const string BusyboxCommit = "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391";

    public static string Folder => Path.Combine(Paths.RepositoryRoot, "tests", "KanikoImages.Tests", "Manifests", "Golden");

    public static TestImages Create()
    {
        var images = new TestImages();
        images.AddText("busybox", [("Dockerfile", "FROM busybox:1.36\nENV VERSION=1.36.1\nCMD [\"sh\", \"-c\", \"echo 'hello: world'\"]\n")]);
        images.AddText(
            "python-app",
            [
                ("Dockerfile", "FROM python:3.12-slim AS base\nARG VERSION=2.1.0\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY app.py .\n\nFROM base AS runtime\nCMD [\"python\", \"app.py\"]\n"),
                (".dockerignore", "**/__pycache__\n*.pyc\n"),
                ("app.py", "print('hello')\n"),
                ("requirements.txt", "flask==3.0.3\n"),
            ],
            i => i with
            {
                Tags = ["2.1.0", "stable"],
                BuildArgs = [new("PIP_INDEX_URL", "https://pypi.example.com/simple"), new("BASE", "slim")],
                Target = "runtime",
                Resources = new ResourceSettings("1", "2Gi", "4", "8Gi"),
                Timeout = TimeSpan.FromMinutes(45),
                Labels = [new("team", "data")],
            });
        images.Add(
            "tools",
            new Dictionary<string, byte[]>
            {
                ["Dockerfile"] = Encoding.UTF8.GetBytes("FROM alpine:3.20\nCOPY entrypoint.sh logo.png /opt/tools/\nENTRYPOINT [\"/opt/tools/entrypoint.sh\"]\n"),
                ["entrypoint.sh"] = Encoding.UTF8.GetBytes("#!/bin/sh\r\nexec \"$@\"\r\n"),
                ["logo.png"] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D],
            },
            i => i with { ContextMode = ContextMode.ConfigMap, Tags = ["latest"] });
        return images;
    }

    /// <summary>The golden catalog with every option that adds fields set: the documents that cover the most of the model.</summary>
    public static TestImages EveryOption()
    {
        var images = Create();
        images.Settings = images.Settings with
        {
            RegistryTls = RegistryTls.SkipVerify,
            ImagePullSecrets = ["pull-a", "pull-b"],
            Kaniko = images.Settings.Kaniko with { CaBundle = new CaBundleSettings { ConfigMap = "corporate-ca", Key = "root.pem" } },
            ServiceAccount = new ServiceAccountSettings { Annotations = [new("eks.amazonaws.com/role-arn", "arn:aws:iam::1:role/x")] },
        };
        images.AddText("multi", [("Dockerfile", "FROM alpine:3.20\n")], i => i with
        {
            Platforms = [Platform.Parse("linux/amd64"), Platform.Parse("linux/arm64/v8")],
            Placement = new Placement
            {
                NodeSelector = [new("pool", "builds")],
                Tolerations = [new V1Toleration { Key = "dedicated", OperatorProperty = "Equal", Value = "builds", Effect = "NoExecute", TolerationSeconds = 3600 }],
                Affinity = new V1Affinity
                {
                    NodeAffinity = new V1NodeAffinity
                    {
                        PreferredDuringSchedulingIgnoredDuringExecution =
                        [
                            new V1PreferredSchedulingTerm
                            {
                                Weight = 10,
                                Preference = new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "zone", OperatorProperty = "In", Values = ["a", "b"] }] },
                            },
                        ],
                    },
                },
                PriorityClassName = "builds",
            },
            Resources = new ResourceSettings("0.5", "1.5Gi", "2000m", "1e3"),
        });
        return images;
    }

    /// <summary>The history the golden files were generated with: each image last changed in its own commit.</summary>
    public static FixedSources Sources() => new(new SourceHistory(
        "",
        [
            new CommitChanges(PythonCommit, ["images/python-app/app.py", "README.md"]),
            new CommitChanges(BusyboxCommit, ["images/busybox/Dockerfile", "images/tools/Dockerfile", "images/tools/logo.png"]),
        ],
        []));
}
