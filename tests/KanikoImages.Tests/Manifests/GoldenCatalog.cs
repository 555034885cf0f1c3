using System.Text;
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

    /// <summary>The history the golden files were generated with: each image last changed in its own commit.</summary>
    public static FixedSources Sources() => new(new SourceHistory(
        "",
        [
            new CommitChanges(PythonCommit, ["images/python-app/app.py", "README.md"]),
            new CommitChanges(BusyboxCommit, ["images/busybox/Dockerfile", "images/tools/Dockerfile", "images/tools/logo.png"]),
        ],
        []));
}
