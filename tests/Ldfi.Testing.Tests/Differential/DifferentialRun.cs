namespace Ldfi.Testing.Tests.Differential;

/// <summary>What every strategy found on one random system, against exhaustive enumeration.</summary>
/// <param name="System">The system.</param>
/// <param name="FindAll">Each strategy's exploration with <see cref="ExplorationOptions.FindAllFailures"/>, Exhaustive included.</param>
/// <param name="Replays">Each minimal failing set Exact reported, run alone again from its text form (as a snapshot is).</param>
/// <param name="ExactFirst">
/// For every tenth system, Exact in its default mode (stop at the first failure), and its failing set replayed
/// through <see cref="ExplorationOptions.Replay"/>; elsewhere <see langword="null"/>: the solver is deterministic, so
/// that mode is the prefix of the FindAllFailures exploration up to its first failure.
/// </param>
public sealed record SystemComparison(
    RandomSystem System,
    IReadOnlyDictionary<ExplorationStrategy, ExplorationResult> FindAll,
    IReadOnlyList<(FaultSet Set, ExperimentRun Run)> Replays,
    (ExplorationResult Result, ExplorationResult? Replay)? ExactFirst)
{
    public ExplorationResult Exhaustive => FindAll[ExplorationStrategy.Exhaustive];

    /// <summary>Gets the fault set of Exact's first failing experiment: what the default mode reports.</summary>
    public FaultSet? ExactFirstFailure => FindAll[ExplorationStrategy.Exact].Runs.FirstOrDefault(r => r.Kind == RunKind.Experiment && !r.Passed)?.Injected;

    /// <summary>The verdict and every minimal failing set, canonically: equal texts mean the same answer.</summary>
    public static string Outcome(ExplorationResult result) =>
        $"{result.Verdict} [{string.Join(" ; ", result.FailingFaultSets.Select(s => s.Key).Order(StringComparer.Ordinal))}]";

    public bool Agrees(ExplorationStrategy strategy) => Outcome(FindAll[strategy]) == Outcome(Exhaustive);

    /// <summary>The number of distinct behaviours (<see cref="ExperimentRun.Behaviour"/>) among the experiments, re-runs left out.</summary>
    public static int Behaviours(ExplorationResult result) => result.Runs
        .Where(r => r.Kind is RunKind.Baseline or RunKind.Replay or RunKind.Experiment)
        .Select(r => r.Behaviour)
        .Distinct(StringComparer.Ordinal)
        .Count();
}

/// <summary>Runs the differential corpus: shared by the differential test and the benchmark.</summary>
public static class DifferentialRun
{
    /// <summary>The corpus size.</summary>
    public const int Systems = 500;

    public static async Task<SystemComparison[]> RunAsync(IEnumerable<RandomSystem> systems, IReadOnlyList<ExplorationStrategy> strategies, int parallelism, bool check, CancellationToken ct = default)
    {
        var list = systems.ToArray();
        var results = new SystemComparison[list.Length];
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct };
        await Parallel.ForEachAsync(Enumerable.Range(0, list.Length), options, async (i, token) =>
            results[i] = await CompareAsync(list[i], strategies, check, token));
        return results;
    }

    /// <summary>Explores <paramref name="system"/> with Exhaustive and each strategy; with <paramref name="check"/>, also replays Exact's failing sets and runs the default mode on every tenth system.</summary>
    public static async Task<SystemComparison> CompareAsync(RandomSystem system, IReadOnlyList<ExplorationStrategy> strategies, bool check, CancellationToken ct = default)
    {
        var findAll = new Dictionary<ExplorationStrategy, ExplorationResult>();
        foreach (var strategy in strategies.Prepend(ExplorationStrategy.Exhaustive).Distinct())
        {
            findAll[strategy] = await FaultExplorer.ExploreAsync(system.Test, system.Options(strategy, findAll: true), ct);
        }

        var replays = new List<(FaultSet, ExperimentRun)>();
        (ExplorationResult, ExplorationResult?)? first = null;
        if (check && findAll.TryGetValue(ExplorationStrategy.Exact, out var exact))
        {
            var executor = new RunExecutor(system.Test, system.Options(ExplorationStrategy.Exact, findAll: false));
            foreach (var set in exact.FailingFaultSets)
            {
                var parsed = FaultSetDescription.Parse(FaultSetDescription.From(set).ToString()).Faults;
                replays.Add((set, await executor.ExecuteAsync(parsed, RunKind.Replay, 1, ct)));
            }

            if (system.Index % 10 == 0)
            {
                var result = await FaultExplorer.ExploreAsync(system.Test, system.Options(ExplorationStrategy.Exact, findAll: false), ct);
                first = (result, result.FailingFaultSet is { } set ? await ReplayAsync(system, set, ct) : null);
            }
        }

        return new SystemComparison(system, findAll, replays, first);
    }

    /// <summary>Runs <paramref name="set"/> first, as a snapshot would (through its text form), with a budget of the baseline and that one run.</summary>
    public static Task<ExplorationResult> ReplayAsync(RandomSystem system, FaultSet set, CancellationToken ct = default)
    {
        var options = system.Options(ExplorationStrategy.Exact, findAll: false);
        options.MaxExperiments = 2;
        options.Replay.Add(FaultSetDescription.Parse(FaultSetDescription.From(set).ToString()));
        return FaultExplorer.ExploreAsync(system.Test, options, ct);
    }
}
