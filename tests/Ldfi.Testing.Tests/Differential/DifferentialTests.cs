using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace Ldfi.Testing.Tests.Differential;

/// <summary>
/// Exact against exhaustive enumeration on a fixed corpus of random systems (<see cref="RandomSystem"/>): the same
/// verdict and the same minimal failing fault sets, and every set Exact reports fails again when replayed.
/// </summary>
public class DifferentialTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Exact_agrees_with_exhaustive_enumeration_on_500_random_systems()
    {
        var watch = Stopwatch.StartNew();

        // Explorations run side by side: the engine keeps each run's state in an AsyncLocal context, so they must not
        // see each other's faults (a leak shows up as Flaky verdicts or disagreements below). Much of a run is latency
        // (a dedicated thread, hung runs waiting for their deadline), so more explorations than cores keep the cores busy.
        var results = await DifferentialRun.RunAsync(
            RandomSystem.Corpus(DifferentialRun.Systems), [ExplorationStrategy.Exact], parallelism: 4 * Environment.ProcessorCount, check: true);
        watch.Stop();

        var problems = new List<string>();
        foreach (var r in results)
        {
            var before = problems.Count;
            problems.AddRange(Problems(r));
            if (problems.Count > before)
            {
                problems.Add(r.System.ToString());
            }
        }

        var exact = results.Select(r => r.FindAll[ExplorationStrategy.Exact]).ToList();
        output.WriteLine(
            $"{results.Length} systems in {watch.Elapsed.TotalSeconds:0.0} s: {exact.Count(x => x.Verdict == Verdict.Failed)} Failed, {exact.Count(x => x.Verdict == Verdict.Tolerant)} Tolerant; " +
            $"experiments: Exact {exact.Sum(x => x.Experiments)}, Exhaustive {results.Sum(r => r.Exhaustive.Experiments)}; " +
            $"{results.Sum(r => r.Replays.Count)} failing sets replayed; {results.Count(r => r.Exhaustive.Runs.Any(x => x.DeadlineExceeded))} systems with a hang");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(60)));

        // The corpus must keep exercising what it was built for.
        Assert.InRange(exact.Count(x => x.Verdict == Verdict.Tolerant), 100, 400);
        Assert.True(results.Count(r => r.Exhaustive.CallSites.Count > r.Exhaustive.Baseline.AllCalls.Count) >= 100, "calls that only appear under faults");
        Assert.True(results.Count(r => r.Exhaustive.Runs.Any(x => x.DeadlineExceeded)) >= 10, "hangs (a Delay on a call without timeout)");
        Assert.True(results.Count(r => r.FindAll[ExplorationStrategy.Exact].FailingFaultSets.Any(s => s.Count == 2)) >= 50, "failures that need two faults");
        Assert.True(results.Count(r => r.Exhaustive.FailingFaultSets.Any(s => s.Any(f => f.Kind == FaultKind.Delay))) >= 50, "failures only a Delay finds");
    }

    private static IEnumerable<string> Problems(SystemComparison r)
    {
        var exhaustive = SystemComparison.Outcome(r.Exhaustive);
        if (!r.Agrees(ExplorationStrategy.Exact))
        {
            yield return $"Exact found {SystemComparison.Outcome(r.FindAll[ExplorationStrategy.Exact])}, exhaustive enumeration {exhaustive}";
        }

        foreach (var result in r.FindAll.Values.Where(x => x.Verdict is not (Verdict.Failed or Verdict.Tolerant)))
        {
            yield return $"{result.Options.Strategy}: {result.Summary} (every system is deterministic and passes without faults)";
        }

        // Exact never runs a fault set that can only repeat a behaviour already seen (docs/design.md: a run's clause covers
        // every assignment that reproduces it), so its experiments are exactly the distinct behaviours it saw.
        var exact = r.FindAll[ExplorationStrategy.Exact];
        if (SystemComparison.Behaviours(exact) != exact.Experiments)
        {
            yield return $"Exact ran {exact.Experiments} experiments for {SystemComparison.Behaviours(exact)} distinct behaviours";
        }

        var smallest = r.Exhaustive.FailingFaultSets.Select(s => s.Count).DefaultIfEmpty(0).Min();
        if (r.ExactFirstFailure is { } first && (!r.Exhaustive.FailingFaultSets.Contains(first) || first.Count != smallest))
        {
            yield return $"Exact's first failure {first} is not one of the smallest minimal failing sets {exhaustive}";
        }

        if (r.ExactFirst is ({ } stopAtFirst, var replay))
        {
            if (stopAtFirst.Verdict != r.Exhaustive.Verdict || !Equals(stopAtFirst.FailingFaultSet, r.ExactFirstFailure))
            {
                yield return $"Exact stopping at the first failure answered {SystemComparison.Outcome(stopAtFirst)}, not {r.ExactFirstFailure}";
            }

            // The bounded search after the first failure (MoreFailuresBudget) may only claim every set when it has them all.
            if (stopAtFirst.AllFailuresFound && SystemComparison.Outcome(stopAtFirst) != SystemComparison.Outcome(r.Exhaustive))
            {
                yield return $"Exact's bounded search claimed all minimal failing sets: {SystemComparison.Outcome(stopAtFirst)}, exhaustive enumeration {SystemComparison.Outcome(r.Exhaustive)}";
            }

            if (replay is not null && (replay.Verdict != Verdict.Failed || !Equals(replay.FailingFaultSet, stopAtFirst.FailingFaultSet) || replay.Experiments != 2))
            {
                yield return $"Replaying {stopAtFirst.FailingFaultSet} through ExplorationOptions.Replay did not fail it again: {replay.Summary}";
            }
        }

        foreach (var (set, run) in r.Replays)
        {
            if (run.Passed || !run.Injected.Equals(set) || !run.NotInjected.IsEmpty)
            {
                yield return $"Exact's failing set {set} did not fail when run again from its text form: {run} (injected {run.Injected}, not injected {run.NotInjected})";
            }
        }
    }
}
