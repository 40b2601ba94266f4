using System.Text.RegularExpressions;
using Xunit;

namespace Ldfi.Testing.Tests.Reporting;

public partial class MarkdownTests
{
    [Fact]
    public async Task A_failure_shows_both_call_graphs_with_the_faulted_edge_marked_red()
    {
        var result = await Systems.Explore("double-charge");

        var markdown = ExplorationReport.Markdown(result, "Checkout.Pays_once");
        var mermaid = Assert.Single(MermaidBlocks(markdown));
        var edges = Edges(mermaid);

        Assert.StartsWith("## ❌ `Checkout.Pays_once`: Failed\n", markdown, StringComparison.Ordinal);
        Assert.StartsWith("flowchart LR\n  subgraph baseline[\"Baseline, run #35;0: passed\"]\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("  subgraph failing[\"Run #35;", mermaid, StringComparison.Ordinal);
        Assert.Equal(3, edges.Count);
        var faulted = edges.FindIndex(e => e.Label.Contains("⚡ Delay", StringComparison.Ordinal));
        var retry = edges.FindIndex(e => e.Label.Contains("(retry)", StringComparison.Ordinal));
        Assert.Contains("\n  baseline ~~~ failing\n", mermaid, StringComparison.Ordinal);
        Assert.Equal(1, faulted);
        Assert.Equal(2, retry);
        Assert.Contains($"  linkStyle {faulted} stroke:#d00000", mermaid, StringComparison.Ordinal);
        Assert.Contains($"  linkStyle {retry} stroke:#e67e00", mermaid, StringComparison.Ordinal);
        Assert.Contains("### What happened\n\nWith A → P POST /charges #1 delayed past the caller's timeout, the retry called P POST /charges again (#2)", markdown, StringComparison.Ordinal);
        Assert.Contains("| Delay | `A → P POST /charges #1` | the test |", markdown, StringComparison.Ordinal);
        Assert.Contains("```text\nSystem.InvalidOperationException: the card was charged 2 times", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disappeared_calls_are_dashed_and_every_node_id_is_alphanumeric()
    {
        var result = await FaultExplorer.ExploreAsync(Systems.FallbackWithoutX, Scenarios.Catalog.Options());

        var mermaid = Assert.Single(MermaidBlocks(ExplorationReport.Markdown(result, "t")));
        var edges = Edges(mermaid);

        var gone = Assert.Single(edges, e => e.Arrow == "-.->");
        Assert.Equal("GET /extras/{id} #35;1 (not called)", gone.Label);
        Assert.Contains($"linkStyle {edges.IndexOf(gone)} stroke:#999999,stroke-dasharray:4 4", mermaid, StringComparison.Ordinal);
        Assert.Single(edges, e => e.Label.EndsWith("(fallback)", StringComparison.Ordinal) && e.Label.StartsWith("GET /backup #35;1", StringComparison.Ordinal) && e.Arrow == "==>");
        Assert.All(edges, e => Assert.DoesNotContain('"', e.Label));
    }

    [Fact]
    public async Task A_tolerant_report_lists_call_sites_and_the_redundancy_used()
    {
        var result = await FaultExplorer.ExploreAsync(Systems.FallbackWithoutX, new ExplorationOptions { MaxFaults = 1 });

        var markdown = ExplorationReport.Markdown(result, "t");
        var mermaid = Assert.Single(MermaidBlocks(markdown));

        Assert.Equal(Verdict.Tolerant, result.Verdict);
        Assert.Contains("## ✅ `t`: Tolerant", markdown, StringComparison.Ordinal);
        Assert.Matches(@"\| `A → B GET /backup #1` \| fallback \| run #\d+ \| \{\w+( \d+)? on A → P GET / #1\} \|", markdown);
        Assert.Contains("| 3 | `A>B GET /backup#1` | no |", markdown, StringComparison.Ordinal);
        Assert.Equal(3, Edges(mermaid).Count);
    }

    [Fact]
    public void Labels_escape_quotes_angle_brackets_and_hashes()
    {
        Assert.Equal("say #quot;hi#quot; #lt;b#gt; #35;1", MermaidGraph.Label("say \"hi\" <b> #1"));
    }

    internal static List<string> MermaidBlocks(string markdown) =>
        [.. MermaidBlock().Matches(markdown).Select(m => m.Groups[1].Value)];

    internal static List<(string From, string Arrow, string Label, string To)> Edges(string mermaid)
    {
        var edges = new List<(string, string, string, string)>();
        foreach (var line in mermaid.Split('\n').Where(l => l.Contains('|', StringComparison.Ordinal) && !l.Contains("linkStyle", StringComparison.Ordinal)))
        {
            var match = Edge().Match(line);
            Assert.True(match.Success, $"not a well-formed edge with alphanumeric node ids: {line}");
            edges.Add((match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value, match.Groups[4].Value));
        }

        return edges;
    }

    [GeneratedRegex("```mermaid\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex MermaidBlock();

    [GeneratedRegex("""^    ([A-Za-z0-9]+)(?:\["[^"]*"\])? (-->|==>|-\.->)\|"([^"]*)"\| ([A-Za-z0-9]+)(?:\["[^"]*"\])?$""")]
    private static partial Regex Edge();
}
