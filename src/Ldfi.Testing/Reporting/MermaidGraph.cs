using System.Text;

namespace Ldfi.Testing;

/// <summary>
/// Mermaid <c>flowchart</c> text: services are nodes, each call site an edge. Node ids are alphanumeric
/// (a per-subgraph prefix and a counter); labels are quoted with Mermaid's entity escapes.
/// </summary>
internal sealed class MermaidGraph
{
    private const string FaultStyle = "stroke:#d00000,stroke-width:3px,color:#d00000";
    private const string GoneStyle = "stroke:#999999,stroke-dasharray:4 4,color:#999999";
    private const string NewStyle = "stroke:#e67e00,stroke-width:3px,color:#e67e00";
    private readonly StringBuilder text = new("flowchart LR\n");
    private readonly Dictionary<string, List<int>> styles = new(StringComparer.Ordinal) { [FaultStyle] = [], [GoneStyle] = [], [NewStyle] = [] };
    private int edges;
    private int nodes;

    /// <summary>The baseline and a failing run side by side; disappeared calls dashed grey, new ones orange, faulted ones red.</summary>
    public static string Comparison(ExperimentRun baseline, ExperimentRun run, RunComparison changes)
    {
        var graph = new MermaidGraph();
        graph.Subgraph("baseline", $"Baseline, run #0: {(baseline.Passed ? "passed" : "failed")}", baseline.AllCalls.Select(c => (c, Edge.Plain)));
        var appeared = changes.AppearedIds;
        var calls = run.AllCalls.Select(c => (c, c.Outcome == CallOutcome.Faulted ? (appeared.Contains(c.Site.Id) ? Edge.FaultedNew : Edge.Faulted) : appeared.Contains(c.Site.Id) ? Edge.New : Edge.Plain))
            .Concat(changes.Disappeared.Select(c => (c, Edge.Gone)));
        graph.Subgraph("failing", $"Run #{run.Number} under faults: {(run.Passed ? "passed" : "failed")}", calls);

        // An invisible link puts the two side by side, baseline first; it comes last so it shifts no styled edge's index.
        graph.text.Append("  baseline ~~~ failing\n");
        return graph.Finish();
    }

    /// <summary>Every call site seen: those of the baseline plain, those only seen under faults (redundancy used) orange.</summary>
    public static string CallSites(ExplorationResult result)
    {
        var graph = new MermaidGraph();
        var baseline = result.Baseline.AllCalls.Select(c => c.Site.Id).ToHashSet(StringComparer.Ordinal);
        graph.Subgraph("sites", $"{Phrases.Plural(result.CallSites.Count, "call site")} seen", result.CallSites.Select(s => (s, baseline.Contains(s.Id) ? Edge.Plain : Edge.New)));
        return graph.Finish();
    }

    /// <summary>Escapes a label for a quoted Mermaid string.</summary>
    public static string Label(string value) => value
        .Replace("#", "#35;", StringComparison.Ordinal)
        .Replace("\"", "#quot;", StringComparison.Ordinal)
        .Replace("<", "#lt;", StringComparison.Ordinal)
        .Replace(">", "#gt;", StringComparison.Ordinal)
        .Replace("\n", " ", StringComparison.Ordinal)
        .Replace("\r", string.Empty, StringComparison.Ordinal);

    private void Subgraph(string id, string title, IEnumerable<(CallRecord Call, Edge Kind)> calls) =>
        Subgraph(id, title, calls.Select(c => (c.Call.Site, c.Kind, c.Call.Fault)));

    private void Subgraph(string id, string title, IEnumerable<(CallSite Site, Edge Kind)> sites) =>
        Subgraph(id, title, sites.Select(s => (s.Site, s.Kind, (Fault?)null)));

    private void Subgraph(string id, string title, IEnumerable<(CallSite Site, Edge Kind, Fault? Fault)> calls)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        text.Append("  subgraph ").Append(id).Append("[\"").Append(Label(title)).Append("\"]\n    direction LR\n");
        var empty = true;
        foreach (var (site, kind, fault) in calls)
        {
            var label = $"{site.Operation} #{site.Ordinal}" + kind switch
            {
                Edge.Faulted => $" ⚡ {fault?.Value}",
                Edge.FaultedNew => $" ⚡ {fault?.Value} ({RunComparison.Role(site)})",
                Edge.Gone => " (not called)",
                Edge.New => $" ({RunComparison.Role(site)})",
                _ => string.Empty,
            };
            var arrow = kind switch { Edge.Gone => "-.->", Edge.New or Edge.Faulted or Edge.FaultedNew => "==>", _ => "-->" };
            text.Append("    ").Append(Node(ids, site.Caller)).Append(' ').Append(arrow).Append("|\"").Append(Label(label)).Append("\"| ")
                .Append(Node(ids, site.Callee)).Append('\n');
            var style = kind switch { Edge.Faulted or Edge.FaultedNew => FaultStyle, Edge.Gone => GoneStyle, Edge.New => NewStyle, _ => null };
            if (style is not null)
            {
                styles[style].Add(edges);
            }

            edges++;
            empty = false;
        }

        if (empty)
        {
            text.Append("    ").Append(Node(ids, "no calls across a boundary")).Append('\n');
        }

        text.Append("  end\n");
    }

    private string Node(Dictionary<string, string> ids, string service)
    {
        if (!ids.TryGetValue(service, out var id))
        {
            id = ids[service] = $"n{++nodes}";
            return $"{id}[\"{Label(service)}\"]";
        }

        return id;
    }

    private string Finish()
    {
        foreach (var (style, indexes) in styles.Where(s => s.Value.Count > 0))
        {
            text.Append("  linkStyle ").Append(string.Join(",", indexes)).Append(' ').Append(style).Append('\n');
        }

        return text.ToString();
    }

    private enum Edge
    {
        Plain,
        Faulted,
        FaultedNew,
        Gone,
        New,
    }
}
