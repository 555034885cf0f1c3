using System.Text.Json;
using KanikoImages.Tests.Images;
using KanikoImages.Tests.Support;

namespace KanikoImages.Tests.Dependencies;

/// <summary>HashImages as the real build process shows the dependencies: the table, the JSON and --graph.</summary>
public sealed class DependencyReportTests : IDisposable
{
    private readonly ImageRepo _repo = new();

    public DependencyReportTests()
    {
        _repo.Write("images/base-python/Dockerfile", "FROM python:3.12-slim\n");
        _repo.Write("images/base-python/image.yaml", "tags: [\"3.12\"]\n");
        _repo.Write("images/worker/Dockerfile", $"ARG BASE={ImageRepo.Registry}/base-python:3.12\nFROM $BASE\nENV VERSION=1.0.0\n");
        _repo.Write("images/api--v2/Dockerfile", $"FROM {ImageRepo.Registry}/worker:1.0.0\n");
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void The_table_has_a_depends_on_column_and_the_json_each_images_bases_and_depth()
    {
        var table = BuildRunner.Run("HashImages", "--working", _repo.Path);
        var json = BuildRunner.Run("HashImages", "--json", "--working", _repo.Path);

        Assert.Equal(0, table.ExitCode);
        Assert.Matches(@"\nIMAGE\s+TAGS\s+HASH\s+FILES\s+DEPENDS ON\n", table.StandardOutput);
        Assert.Matches(@"\nworker\s+1\.0\.0\s+[0-9a-f]{12}\s+1\s+base-python\n", table.StandardOutput);
        Assert.Matches(@"\nbase-python\s+3\.12\s+[0-9a-f]{12}\s+2\s+-\n", table.StandardOutput);
        using var document = JsonDocument.Parse(json.StandardOutput);
        var images = document.RootElement.GetProperty("images").EnumerateArray().ToDictionary(i => i.GetProperty("image").GetString()!);
        Assert.Equal(["worker"], images["api--v2"].GetProperty("dependsOn").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(2, images["api--v2"].GetProperty("depth").GetInt32());
        Assert.Empty(images["base-python"].GetProperty("dependsOn").EnumerateArray());
    }

    [Fact]
    public void Graph_prints_only_the_mermaid_or_dot_graph_on_stdout()
    {
        var mermaid = BuildRunner.Run("HashImages", "--graph=mermaid", "--working", _repo.Path);
        var dot = BuildRunner.Run("HashImages", "--graph", "dot", "--working", _repo.Path);

        Assert.Equal(0, mermaid.ExitCode);
        // Node ids, not names: Mermaid would read the "--" of "api--v2" as an edge.
        Assert.Equal(
            "flowchart BT\n  n0[\"api--v2:latest\"]\n  n1[\"base-python:3.12\"]\n  n2[\"worker:1.0.0\"]\n  n0 --> n2\n  n2 --> n1\n",
            mermaid.StandardOutput);
        Assert.Equal(0, dot.ExitCode);
        Assert.Equal(
            "digraph images {\n  rankdir=BT;\n  node [shape=box];\n  \"api--v2\" [label=\"api--v2:latest\"];\n  \"base-python\" [label=\"base-python:3.12\"];\n" +
            "  \"worker\" [label=\"worker:1.0.0\"];\n  \"api--v2\" -> \"worker\";\n  \"worker\" -> \"base-python\";\n}\n",
            dot.StandardOutput);
    }

    [Fact]
    public void An_unknown_graph_format_is_refused_before_anything_runs()
    {
        var result = BuildRunner.Run("HashImages", "--graph=svg", "--working", _repo.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--graph: 'svg' is not a graph format: use mermaid or dot", result.Output);
    }
}
