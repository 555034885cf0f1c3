using System.Text;

namespace KanikoImages.Images;

/// <summary>The formats HashImages --graph prints the dependency graph in.</summary>
public enum GraphFormat
{
    /// <summary>A Mermaid flowchart: GitHub renders it in a ```mermaid block.</summary>
    Mermaid,

    /// <summary>Graphviz DOT: dot -Tsvg renders it.</summary>
    Dot,
}

/// <summary>
/// The dependency graph as text: one node per image, one edge from each image to each image it builds on
/// ("worker --> base-python"). Image names are DNS labels, so they need no quoting beyond what each format asks.
/// </summary>
public static class GraphText
{
    public static GraphFormat Parse(string value) => value.ToLowerInvariant() switch
    {
        "mermaid" => GraphFormat.Mermaid,
        "dot" => GraphFormat.Dot,
        _ => throw new FormatException($"'{value}' is not a graph format: use mermaid or dot"),
    };

    public static string Write(ImageCatalog catalog, GraphFormat format) =>
        format == GraphFormat.Mermaid ? Mermaid(catalog) : Dot(catalog);

    private static string Mermaid(ImageCatalog catalog)
    {
        // Node ids are n0, n1, ...: Mermaid reads "--" inside an id as an edge, and DNS labels may hold it.
        var ids = catalog.Images.Select((image, i) => (image.Name, Id: "n" + i)).ToDictionary(p => p.Name, p => p.Id, StringComparer.Ordinal);
        var text = new StringBuilder("flowchart BT\n");
        text.AppendJoin("", catalog.Images.Select(i => $"  {ids[i.Name]}[\"{Label(i)}\"]\n"));
        text.AppendJoin("", Edges(catalog).Select(e => $"  {ids[e.From]} --> {ids[e.To]}\n"));
        return text.ToString();
    }

    private static string Dot(ImageCatalog catalog)
    {
        var text = new StringBuilder("digraph images {\n  rankdir=BT;\n  node [shape=box];\n");
        text.AppendJoin("", catalog.Images.Select(i => $"  \"{i.Name}\" [label=\"{Label(i)}\"];\n"));
        text.AppendJoin("", Edges(catalog).Select(e => $"  \"{e.From}\" -> \"{e.To}\";\n"));
        return text.Append("}\n").ToString();
    }

    private static string Label(ImageDefinition image) => $"{image.Name}:{string.Join(",", image.Tags)}";

    /// <summary>From each image to each image it builds on, in catalog order.</summary>
    private static IEnumerable<(string From, string To)> Edges(ImageCatalog catalog) =>
        catalog.Images.SelectMany(i => i.Dependencies.Select(d => (i.Name, d.Image)));
}
