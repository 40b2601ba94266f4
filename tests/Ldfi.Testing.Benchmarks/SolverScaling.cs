using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Ldfi.Testing.Benchmarks;

/// <summary>
/// How one <see cref="CpSatPlanner"/> solve scales with the model: synthetic lineage models of E edges and C
/// passing-run clauses, built through the same internal API the explorer uses (<see cref="LineageModel.AddPassing"/>).
/// </summary>
internal static class SolverScaling
{
    public static readonly int[] EdgeCounts = [100, 1_000, 10_000];

    public static readonly int[] ClauseCounts = [10, 100, 1_000];

    /// <summary>Solves per cell; fewer when one solve is slow, so the whole grid stays within a couple of minutes.</summary>
    private const int Solves = 5;

    private static readonly TimeSpan CellBudget = TimeSpan.FromSeconds(5);

    public static string Run()
    {
        _ = new CpSatPlanner(SyntheticModel.Build(10, 2, seed: 0)).Next(); // loads the native solver
        var text = new StringBuilder();
        text.AppendLine("## Solver scaling").AppendLine()
            .AppendLine("Median milliseconds per `CpSatPlanner` solve (one call of `Next()`, which builds the CP-SAT model from the lineage model and solves it) on synthetic lineage models. ")
            .AppendLine("Each model: E call sites (a fifth are calls the test makes, each with four child calls), the default fault values (Error, Status 500, Status 503, Delay: four per call site), ")
            .AppendLine("and C passing runs, each with one or two random faults (masking respected) and every other call site it reached as support, as the explorer records them. In brackets: the number of solves the median is of. Target: 1,000 call sites × 100 clauses under 20 ms.").AppendLine()
            .AppendLine($"| call sites \\ clauses | {string.Join(" | ", ClauseCounts.Select(c => c.ToString("N0", CultureInfo.InvariantCulture)))} |")
            .AppendLine($"| ---: |{string.Concat(ClauseCounts.Select(_ => " ---: |"))}");
        foreach (var edges in EdgeCounts)
        {
            var cells = ClauseCounts.Select(clauses => Cell(edges, clauses, scanSingles: true));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {edges:N0} | {string.Join(" | ", cells)} |");
        }

        text.AppendLine().AppendLine("The synthetic models always leave some single fault uncovered, so `Next()` above is answered by the linear single-fault scan. ")
            .AppendLine("CP-SAT alone on the same models (what a solve costs once every single fault is covered and the answer has two faults):").AppendLine()
            .AppendLine($"| call sites \\ clauses | {string.Join(" | ", ClauseCounts.Select(c => c.ToString("N0", CultureInfo.InvariantCulture)))} |")
            .AppendLine($"| ---: |{string.Concat(ClauseCounts.Select(_ => " ---: |"))}");
        foreach (var edges in EdgeCounts)
        {
            var cells = ClauseCounts.Select(clauses => Cell(edges, clauses, scanSingles: false));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {edges:N0} | {string.Join(" | ", cells)} |");
        }

        return text.AppendLine().ToString();
    }

    /// <summary>Median solve time for one grid cell, rendered for the table.</summary>
    private static string Cell(int edges, int clauses, bool scanSingles)
    {
        var model = SyntheticModel.Build(edges, clauses, seed: edges + clauses);
        var planner = new CpSatPlanner(model, scanSingles);
        var times = new List<double>();
        var budget = Stopwatch.StartNew();
        do
        {
            var watch = Stopwatch.StartNew();
            _ = planner.Next() ?? throw new InvalidOperationException("a synthetic model always has an uncovered fault set");
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        while (times.Count < Solves && budget.Elapsed < CellBudget);

        times.Sort();
        var median = times[times.Count / 2];
        return string.Create(CultureInfo.InvariantCulture, $"{(median < 10 ? median.ToString("0.0", CultureInfo.InvariantCulture) : median.ToString("N0", CultureInfo.InvariantCulture))} ({times.Count})");
    }
}
