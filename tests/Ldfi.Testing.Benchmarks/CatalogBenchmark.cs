using System.Globalization;
using System.Text;
using Ldfi.Testing.Tests.Differential;
using Ldfi.Testing.Tests.Scenarios;

namespace Ldfi.Testing.Benchmarks;

/// <summary>Every docs/design.md catalog scenario under each strategy, with the catalog's options (MaxFaults 2, all kinds, stop at the first failure).</summary>
internal static class CatalogBenchmark
{
    public static readonly ExplorationStrategy[] Strategies = [ExplorationStrategy.Exact, ExplorationStrategy.MergedSupports, ExplorationStrategy.Exhaustive];

    public static async Task<string> RunAsync()
    {
        // Warm-up: loads the native solver and JIT-compiles the engine, so the first row measures the same work as the rest.
        await FaultExplorer.ExploreAsync(Catalog.Get("quorum").Test, Catalog.Options());
        var rows = new List<(Scenario Scenario, ExplorationStrategy Strategy, ExplorationResult Result)>();
        foreach (var scenario in Catalog.All)
        {
            foreach (var strategy in Strategies)
            {
                rows.Add((scenario, strategy, await FaultExplorer.ExploreAsync(scenario.Test, Catalog.Options(strategy))));
            }
        }

        var text = new StringBuilder();
        text.AppendLine("## Catalog scenarios").AppendLine()
            .AppendLine("Experiments per scenario (the baseline included, confirmation re-runs not):").AppendLine()
            .AppendLine($"| scenario | expected | {string.Join(" | ", Strategies)} |")
            .AppendLine($"| --- | --- |{string.Concat(Strategies.Select(_ => " ---: |"))}");
        foreach (var group in rows.GroupBy(r => r.Scenario))
        {
            var cells = group.Select(r => r.Result.Verdict == group.Key.Expected ? $"{r.Result.Experiments:N0}" : $"{r.Result.Experiments:N0} (**{r.Result.Verdict}**)");
            text.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key.Id} | {group.Key.Expected} | {string.Join(" | ", cells)} |");
        }

        text.AppendLine().AppendLine("In detail. *Behaviours*: distinct `ExperimentRun.Behaviour` texts among the experiments (what the system did, call by call, and whether the test passed); *efficiency* = behaviours / experiments, 1.00 when no experiment repeated a behaviour already seen. *Solver*: time spent choosing fault sets; *total*: the whole exploration.").AppendLine()
            .AppendLine("| scenario | strategy | verdict | call sites | experiments | behaviours | efficiency | solver ms | total ms |")
            .AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (scenario, strategy, result) in rows)
        {
            var behaviours = SystemComparison.Behaviours(result);
            var verdict = result.Verdict == scenario.Expected ? result.Verdict.ToString() : $"**{result.Verdict}** (expected {scenario.Expected})";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {scenario.Id} | {strategy} | {verdict} | {result.CallSites.Count} | {result.Experiments:N0} | {behaviours:N0} | {(double)behaviours / result.Experiments:0.00} | {result.SolverTime.TotalMilliseconds:N0} | {result.Duration.TotalMilliseconds:N0} |");
        }

        return text.AppendLine().ToString();
    }
}
