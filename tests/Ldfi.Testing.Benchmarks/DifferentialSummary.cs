using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ldfi.Testing.Tests.Differential;

namespace Ldfi.Testing.Benchmarks;

/// <summary>The differential corpus (the same systems the differential test runs): each strategy against exhaustive enumeration.</summary>
internal static class DifferentialSummary
{
    public static async Task<string> RunAsync(int systems)
    {
        var strategies = Enum.GetValues<ExplorationStrategy>().Where(s => s != ExplorationStrategy.Exhaustive).ToArray();
        var watch = Stopwatch.StartNew();
        var results = await DifferentialRun.RunAsync(RandomSystem.Corpus(systems), strategies, parallelism: 4 * Environment.ProcessorCount, check: false);
        watch.Stop();

        var exhaustive = results.Sum(r => r.Exhaustive.Experiments);
        var text = new StringBuilder();
        text.AppendLine("## Differential corpus").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{results.Length:N0} random systems (`RandomSystem.Generate(0..{results.Length - 1})`, the differential test's corpus; {results.Average(r => r.Exhaustive.CallSites.Count):0.0} call sites on average, at most {results.Max(r => r.Exhaustive.CallSites.Count)}), ")
            .AppendLine(CultureInfo.InvariantCulture, $"each explored with MaxFaults 2, FindAllFailures and its own fault kinds, by every strategy; {results.Count(r => r.Exhaustive.Verdict == Verdict.Failed)} fail and {results.Count(r => r.Exhaustive.Verdict == Verdict.Tolerant)} are tolerant by exhaustive enumeration. ")
            .AppendLine(CultureInfo.InvariantCulture, $"A strategy agrees on a system when it gives the same verdict and the same minimal failing fault sets as exhaustive enumeration. Wall time for the whole corpus: {watch.Elapsed.TotalSeconds:0} s.").AppendLine()
            .AppendLine("*Behaviours*: distinct `ExperimentRun.Behaviour` texts among a strategy's experiments, summed over the systems. A sound strategy that only observes the system (black box) must see every behaviour that fault sets within the bound produce: the ones Exhaustive saw.").AppendLine()
            .AppendLine("| strategy | agrees | disagrees | missed a failing system | missed some failing sets | experiments | vs exhaustive | behaviours | experiments per behaviour | solver s |")
            .AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var strategy in strategies.Prepend(ExplorationStrategy.Exhaustive))
        {
            var runs = results.Select(r => r.FindAll[strategy]).ToList();
            var agree = results.Count(r => r.Agrees(strategy));
            var missedSystem = results.Count(r => r.Exhaustive.Verdict == Verdict.Failed && r.FindAll[strategy].Verdict != Verdict.Failed);
            var missedSets = results.Count(r => r.FindAll[strategy].Verdict == Verdict.Failed && !r.Agrees(strategy));
            var experiments = runs.Sum(x => x.Experiments);
            var behaviours = runs.Sum(SystemComparison.Behaviours);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {strategy} | {agree:N0} | {results.Length - agree:N0} | {missedSystem:N0} | {missedSets:N0} | {experiments:N0} | {(double)experiments / exhaustive:0.00} | {behaviours:N0} | {(double)experiments / behaviours:0.00} | {runs.Sum(x => x.SolverTime.TotalSeconds):0.0} |");
        }

        var exact = results.Select(r => r.FindAll[ExplorationStrategy.Exact]).ToList();
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture,
            $"Exact ran exactly one experiment per distinct behaviour it saw on {exact.Count(x => x.Experiments == SystemComparison.Behaviours(x))} of {results.Length} systems, " +
            $"and exactly as many experiments as Exhaustive saw distinct behaviours on {results.Count(r => r.FindAll[ExplorationStrategy.Exact].Experiments == SystemComparison.Behaviours(r.Exhaustive))}.");

        return text.AppendLine().ToString();
    }
}
