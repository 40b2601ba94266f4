using Ldfi.Testing.Tests.Differential;
using Ldfi.Testing.Tests.Scenarios;
using Xunit;

namespace Ldfi.Testing.Tests.Parallelism;

/// <summary>
/// Parallel experiments change how fast an exploration ends, never what it finds: the same runs in the same order, the
/// same verdict and minimal failing sets, the same snapshot bytes, whatever the timing.
/// </summary>
public class ParallelExplorationTests
{
    public static TheoryData<string> Scenarios => [.. Catalog.All.Select(s => s.Id)];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Every_catalog_scenario_gives_the_sequential_runs_verdict_and_sets(string id)
    {
        foreach (var findAll in new[] { false, true })
        {
            var sequential = await Explore(id, findAll, parallelism: 1);
            var parallel = await Explore(id, findAll, parallelism: 4);

            Assert.Equal(SystemComparison.Outcome(sequential), SystemComparison.Outcome(parallel));
            Assert.Equal(Sequence(sequential), Sequence(parallel));
            Assert.Equal(sequential.Experiments, parallel.Experiments);
            Assert.Equal(0, sequential.DiscardedRuns);
            Assert.Equal(0, sequential.LoneReruns);
            Assert.Null(parallel.ParallelismFallback);

            // Only the failing runs (a failure counts from a lone run) are re-run alone: the passing ones behaved as predicted.
            Assert.InRange(parallel.LoneReruns, 0, parallel.Runs.Count(r => !r.Passed));
        }
    }

    [Fact]
    public async Task Ten_parallel_explorations_with_one_seed_give_identical_sequences_and_snapshot_bytes()
    {
        var texts = new HashSet<string>(StringComparer.Ordinal);
        var sequences = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 10; i++)
        {
            var result = await Explore("quorum", findAll: true, parallelism: 4, seed: 7);
            texts.Add(SnapshotVerifier.Render(result));
            sequences.Add(Sequence(result));
            Assert.True(result.DiscardedRuns >= 0);
        }

        Assert.Single(texts);
        Assert.Single(sequences);
    }

    [Fact]
    public async Task Parallel_exploration_agrees_with_the_sequential_one_on_the_whole_differential_corpus()
    {
        var systems = RandomSystem.Corpus(DifferentialRun.Systems).ToArray();
        var disagreements = new List<string>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = 2 };
        await Parallel.ForEachAsync(systems, options, async (system, ct) =>
        {
            var sequential = system.Options(ExplorationStrategy.Exact, findAll: true);
            sequential.Parallelism = 1;
            var parallel = system.Options(ExplorationStrategy.Exact, findAll: true);
            parallel.Parallelism = 4;
            var one = await FaultExplorer.ExploreAsync(system.Test, sequential, ct);
            var four = await FaultExplorer.ExploreAsync(system.Test, parallel, ct);
            if (SystemComparison.Outcome(one) != SystemComparison.Outcome(four) || Sequence(one) != Sequence(four) || four.ParallelismFallback is not null)
            {
                lock (disagreements)
                {
                    disagreements.Add($"{system.Seed}: {SystemComparison.Outcome(one)} vs {SystemComparison.Outcome(four)}");
                }
            }
        });

        Assert.Empty(disagreements);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    public async Task A_test_that_fails_once_by_itself_is_flaky_at_any_parallelism_not_a_fallback(int parallelism)
    {
        var options = Catalog.Options();
        options.Parallelism = parallelism;

        // The body keeps a counter of its own: the same calls and answers either way, only the outcome differs. Which
        // experiment fails first depends on the order runs start in (a speculated one may), the verdict does not.
        var result = await FaultExplorer.ExploreAsync(Reporting.Systems.FlakyOnce(), options);

        Assert.Equal(Verdict.Flaky, result.Verdict);
        Assert.Null(result.ParallelismFallback);
        Assert.Equal([(RunKind.Experiment, false), (RunKind.Confirmation, true)], result.Runs.TakeLast(2).Select(r => (r.Kind, r.Passed)));
        Assert.Equal(result.Runs[^1].Number, result.Runs[^2].Number);
        Assert.Contains("passed when re-run", result.Problem, StringComparison.Ordinal);
    }

    private static Task<ExplorationResult> Explore(string id, bool findAll, int parallelism, int seed = 0)
    {
        var options = Catalog.Options(findAll: findAll);
        options.Parallelism = parallelism;
        options.Seed = seed;
        return FaultExplorer.ExploreAsync(Catalog.Get(id).Test, options);
    }

    /// <summary>The runs in order, each as its kind, number, planned set and outcome.</summary>
    private static string Sequence(ExplorationResult result) =>
        string.Join("\n", result.Runs.Select(r => $"{r.Kind} #{r.Number} {r.Planned.Key} {(r.Passed ? "passed" : "failed")}"));
}
