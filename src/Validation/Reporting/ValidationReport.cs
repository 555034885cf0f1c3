using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace KanikoImages.Validation.Reporting;

/// <summary>
/// The result written for people (a table and one line per finding), for tools (JSON) and for CI (JUnit XML,
/// GitHub Actions annotations).
/// </summary>
public static class ValidationReport
{
    public static string Text(ValidationResult result)
    {
        var s = result.Summary;
        var text = new StringBuilder();
        text.AppendLine($"Validated {s.Documents} document(s) in {result.Files.Count} file(s): {string.Join(", ", result.Files)}");
        text.AppendLine($"  {"Documents",-10} {"Valid",-6} {"Invalid",-8} {"Errors",-7} {"Skipped",-8} {"Findings",-8}");
        text.AppendLine($"  {s.Documents,-10} {s.Valid,-6} {s.Invalid,-8} {s.Errors,-7} {s.Skipped,-8} {s.Findings,-8}");
        if (s.Unattached > 0)
        {
            text.AppendLine($"  {s.Unattached} of the findings are about no document (listed below).");
        }

        foreach (var note in result.Notes)
        {
            text.AppendLine(note);
        }

        foreach (var f in result.Findings)
        {
            var path = f.Path.Length == 0 ? "" : $" at '{f.Path}'";
            text.AppendLine($"{f.Status.ToString().ToUpperInvariant()} {f.Location} {f.DisplayName}{path}: {f.Message} [{f.Layer}]");
        }

        return text.ToString();
    }

    public static string Json(ValidationResult result)
    {
        var s = result.Summary;
        var json = new JsonObject
        {
            ["summary"] = new JsonObject
            {
                ["documents"] = s.Documents,
                ["valid"] = s.Valid,
                ["invalid"] = s.Invalid,
                ["errors"] = s.Errors,
                ["skipped"] = s.Skipped,
                ["findings"] = s.Findings,
                ["unattached"] = s.Unattached,
                ["failed"] = result.Failed,
            },
            ["notes"] = new JsonArray(result.Notes.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
            ["resources"] = new JsonArray(result.Resources.Select(r => (JsonNode?)new JsonObject
            {
                ["file"] = r.Resource.File,
                ["document"] = r.Resource.DocumentIndex + 1,
                ["item"] = r.Resource.ItemIndex + 1,
                ["kind"] = r.Resource.Kind,
                ["name"] = r.Resource.Name,
                ["status"] = Status(r.Status),
            }).ToArray()),
            ["findings"] = new JsonArray(result.Findings.Select(f => (JsonNode?)new JsonObject
            {
                ["file"] = f.File,
                ["document"] = f.DocumentIndex < 0 ? null : f.DocumentIndex + 1,
                ["item"] = f.ItemIndex + 1,
                ["kind"] = f.Kind,
                ["name"] = f.Name,
                ["path"] = f.Path,
                ["message"] = f.Message,
                ["status"] = Status(f.Status),
                ["layer"] = f.Layer,
            }).ToArray()),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>One test suite per file, one test case per resource; findings outside a resource are their own cases.</summary>
    public static string JUnit(ValidationResult result)
    {
        // Looked up, not searched: a manifest of 10,000 out-of-date Jobs has as many findings as resources.
        var findings = result.Findings.ToLookup(f => (f.File, f.DocumentIndex, f.ItemIndex));
        var suites = result.Resources
            .GroupBy(r => r.Resource.File)
            .Select(file => Suite(file.Key, file.Select(r => Case(
                Finding.Describe(r.Resource.File, r.Resource.DocumentIndex, r.Resource.ItemIndex) + " " + Finding.Display(r.Resource.Kind, r.Resource.Name),
                r.Status,
                findings[(r.Resource.File, r.Resource.DocumentIndex, r.Resource.ItemIndex)]))))
            .ToList();
        var loose = result.Findings.Where(f => f.DocumentIndex < 0).ToList();
        if (loose.Count > 0)
        {
            suites.Add(Suite("manifest", loose.Select(f => Case(f.Location + " " + f.DisplayName, f.Status, [f]))));
        }

        var root = new XElement(
            "testsuites",
            new XAttribute("name", "kaniko-k8s-images validate"),
            new XAttribute("tests", suites.Sum(s => (int)s.Attribute("tests")!)),
            new XAttribute("failures", suites.Sum(s => (int)s.Attribute("failures")!)),
            new XAttribute("errors", suites.Sum(s => (int)s.Attribute("errors")!)),
            new XAttribute("skipped", suites.Sum(s => (int)s.Attribute("skipped")!)),
            suites);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root).ToString();
    }

    /// <summary>
    /// One GitHub Actions workflow command per finding (<c>::error file=...,line=...,title=...::message</c>): the
    /// runner turns each into an annotation on the pull request's diff, at the line the resource starts on.
    /// </summary>
    public static string GitHubAnnotations(ValidationResult result)
    {
        var text = new StringBuilder();
        foreach (var f in result.Findings)
        {
            var command = f.Status switch
            {
                ResourceStatus.Invalid or ResourceStatus.Error => "error",
                ResourceStatus.Skipped => "warning",
                _ => "notice",
            };
            var properties = new List<string>();
            if (f.File.Length > 0)
            {
                properties.Add("file=" + EscapeProperty(f.File));
            }

            if (f.Line > 0)
            {
                properties.Add("line=" + f.Line);
            }

            properties.Add("title=" + EscapeProperty($"{f.DisplayName} [{f.Layer}]"));
            var path = f.Path.Length == 0 ? "" : f.Path + ": ";
            text.Append("::").Append(command).Append(' ').Append(string.Join(',', properties))
                .Append("::").Append(EscapeData(path + f.Message)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// The workflow commands that stop and resume the runner's command processing (<c>::stop-commands::TOKEN</c>,
    /// <c>::TOKEN::</c>) around text that quotes manifest content: a value holding a newline followed by "::" would
    /// otherwise run as a workflow command. The token is random, so the quoted text cannot resume processing itself.
    /// </summary>
    public static (string Stop, string Resume) GitHubCommandPause()
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return ($"::stop-commands::{token}", $"::{token}::");
    }

    /// <summary>As the actions toolkit escapes a command's message (core/command.ts escapeData).</summary>
    private static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>As the actions toolkit escapes a property value (escapeProperty): also ':' and ','.</summary>
    private static string EscapeProperty(string value) =>
        EscapeData(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    private static XElement Suite(string name, IEnumerable<XElement> cases)
    {
        var list = cases.ToList();
        return new XElement(
            "testsuite",
            new XAttribute("name", name),
            new XAttribute("tests", list.Count),
            new XAttribute("failures", list.Count(c => c.Element("failure") is not null)),
            new XAttribute("errors", list.Count(c => c.Element("error") is not null)),
            new XAttribute("skipped", list.Count(c => c.Element("skipped") is not null)),
            list);
    }

    private static XElement Case(string name, ResourceStatus status, IEnumerable<Finding> findings)
    {
        var element = new XElement("testcase", new XAttribute("name", name), new XAttribute("classname", "validate"));
        var text = string.Join("\n", findings.Where(f => f.Status == status).Select(f => $"{(f.Path.Length == 0 ? "" : f.Path + ": ")}{f.Message} [{f.Layer}]"));
        var child = status switch
        {
            ResourceStatus.Invalid => new XElement("failure", new XAttribute("message", First(text)), new XAttribute("type", "invalid"), text),
            ResourceStatus.Error => new XElement("error", new XAttribute("message", First(text)), new XAttribute("type", "error"), text),
            ResourceStatus.Skipped => new XElement("skipped", new XAttribute("message", First(text))),
            _ => null,
        };
        element.Add(child);
        return element;
    }

    private static string First(string text) => text.Split('\n')[0];

    private static string Status(ResourceStatus status) => status.ToString().ToLowerInvariant();
}
