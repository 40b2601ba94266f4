using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Ldfi.Testing.Benchmarks;

/// <summary>
/// How one plan scales with the model: synthetic lineage models of E edges and C passing-run clauses, built through the
/// same internal API the explorer uses (<see cref="LineageModel.AddPassing"/>). The planner keeps its clause index and
/// CP-SAT model between plans, so each cell reports the first plan of a fresh planner (every clause read) and a plan
/// after one more passing run was learned (what each step of an exploration costs).
/// </summary>
internal static class SolverScaling
{
    public static readonly int[] EdgeCounts = [100, 1_000, 10_000];

    public static readonly int[] ClauseCounts = [10, 100, 1_000];

    /// <summary>Samples per cell; fewer when one is slow, so the whole grid stays within a couple of minutes.</summary>
    private const int Samples = 5;

    private static readonly TimeSpan CellBudget = TimeSpan.FromSeconds(5);

    private enum Path
    {
        /// <summary><c>Next()</c>: on these models the single-fault scan answers.</summary>
        Next,

        /// <summary>The pair scan alone: what <c>Next()</c> costs once every single fault is covered.</summary>
        Pairs,

        /// <summary>CP-SAT alone (the planner without its scans): what a plan of three or more faults costs.</summary>
        CpSat,

        /// <summary>CP-SAT as the planner asks it once the scans found nothing: MaxFaults 3, sets of exactly three faults.</summary>
        Three,
    }

    public static string Run()
    {
        _ = new CpSatPlanner(SyntheticModel.Build(10, 2, seed: 0), scans: false).Next(); // loads the native solver
        var text = new StringBuilder();
        text.AppendLine("## Solver scaling").AppendLine()
            .AppendLine("Median milliseconds per plan on synthetic lineage models, as *first* / *next*: *first* is the first `Next()` of a fresh planner (it reads every clause), ")
            .AppendLine("*next* a `Next()` after one more passing run was learned (the planner keeps its clause index and CP-SAT model between plans, so this is what each step of an exploration costs). ")
            .AppendLine("Each model: E call sites (a fifth are calls the test makes, each with four child calls), the default fault values (Error, Status 500, Status 503, Delay: four per call site), ")
            .AppendLine("and C passing runs, each with one or two random faults (masking respected) and every other call site it reached as support, as the explorer records them. In brackets: the number of *next* samples the median is of. Target: 1,000 call sites × 100 clauses under 20 ms, 10,000 × 1,000 under 200 ms.").AppendLine();
        Table(text, Path.Next);
        text.AppendLine().AppendLine("The synthetic models always leave some single fault uncovered, so `Next()` above is answered by the single-fault scan. ")
            .AppendLine("Once every single fault is covered, the answer with two faults comes from the pair scan (here on the same models, finding the first pair no clause rules out):").AppendLine();
        Table(text, Path.Pairs);
        text.AppendLine().AppendLine("CP-SAT alone on the same models (the planner without its scans; with them, CP-SAT is only asked for three faults or more, when MaxFaults allows it):").AppendLine();
        Table(text, Path.CpSat);
        text.AppendLine().AppendLine("The CP-SAT path of the planner: MaxFaults 3 and CP-SAT asked for sets of three faults, as the planner asks it once the scans found no set of one or two (the target applies here):").AppendLine();
        Table(text, Path.Three);
        return text.AppendLine().ToString();
    }

    private static void Table(StringBuilder text, Path path)
    {
        // LDFI_SCALING_TABLES=CpSat,Three measures only those tables (the others are left out of the report).
        if (Environment.GetEnvironmentVariable("LDFI_SCALING_TABLES") is { Length: > 0 } only && !only.Split(',').Contains(path.ToString(), StringComparer.OrdinalIgnoreCase))
        {
            text.AppendLine("(not measured in this run)");
            return;
        }

        text.AppendLine($"| call sites \\ clauses | {string.Join(" | ", ClauseCounts.Select(c => c.ToString("N0", CultureInfo.InvariantCulture)))} |")
            .AppendLine($"| ---: |{string.Concat(ClauseCounts.Select(_ => " ---: |"))}");
        foreach (var edges in EdgeCounts)
        {
            var cells = ClauseCounts.Select(clauses => Cell(edges, clauses, path));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {edges:N0} | {string.Join(" | ", cells)} |");
        }
    }

    /// <summary>First-plan and next-plan median times for one grid cell, rendered for the table.</summary>
    private static string Cell(int edges, int clauses, Path path)
    {
        var system = new SyntheticModel(edges, clauses, seed: edges + clauses, maxFaults: path == Path.Three ? 3 : 2);
        var planner = new CpSatPlanner(system.Model, scans: path != Path.CpSat);
        var order = new SeedOrder(system.Model);
        var pairs = new SmallFaultSetScan(system.Model, order);
        var three = new CpSatSearch(system.Model, order, smallest: 3);
        var plan = () => (path switch { Path.Pairs => pairs.Pair(new HashSet<string>()), Path.Three => three.Solve([]), _ => planner.Next() })
            ?? throw new InvalidOperationException("a synthetic model always has an uncovered fault set");
        var budget = Stopwatch.StartNew();
        var first = Time(plan);
        var times = new List<double>();
        do
        {
            system.AddPassingRun();
            times.Add(Time(plan));
        }
        while (times.Count < Samples && budget.Elapsed < CellBudget);

        times.Sort();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{path} {edges} x {clauses}: first {Ms(first)} ms, next {string.Join(" ", times.Select(Ms))} ms, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        return string.Create(CultureInfo.InvariantCulture, $"{Ms(first)} / {Ms(times[times.Count / 2])} ({times.Count})");
    }

    private static double Time(Func<object> plan)
    {
        var watch = Stopwatch.StartNew();
        _ = plan();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static string Ms(double ms) => ms < 10 ? ms.ToString("0.0", CultureInfo.InvariantCulture) : ms.ToString("N0", CultureInfo.InvariantCulture);
}
