using Xunit;

namespace Ldfi.Testing.Tests.Solving;

/// <summary>
/// The planner keeps its scans and CP-SAT model between plans; these check that this never changes an answer: on random
/// lineage models, every plan equals a freshly built planner's, CP-SAT's alone, and the brute-force <see cref="RankOracle"/>.
/// And <see cref="IFaultSetPlanner.Next(IReadOnlyCollection{FaultSet})"/> only ever hides the excluded sets, for one call.
/// </summary>
public class PlannerTests
{
    [Fact]
    public void Incremental_planner_gives_the_same_sequence_as_fresh_planners_and_brute_force()
    {
        var plans = 0;
        for (var seed = 0; seed < 100; seed++)
        {
            var system = new RandomLineage(seed);
            system.Start();
            var planner = new CpSatPlanner(system.Model);
            var cpSat = new CpSatPlanner(system.Model, scans: false);
            for (var step = 0; step < 60; step++)
            {
                var next = planner.Next();
                var context = $"seed {seed}, step {step}, MaxFaults {system.Model.Options.MaxFaults}";
                Assert.True(Equals(RankOracle.Next(system.Model, []), next), $"{context}: brute force {RankOracle.Next(system.Model, [])}, planner {next}");
                Assert.True(Equals(next, new CpSatPlanner(system.Model).Next()), $"{context}: a fresh planner disagrees with {next}");
                Assert.True(Equals(next, cpSat.Next()), $"{context}: CP-SAT alone disagrees with {next}");
                if (step % 7 == 0)
                {
                    Assert.True(Equals(next, new CpSatPlanner(system.Model, scans: false).Next()), $"{context}: a fresh CP-SAT planner disagrees with {next}");
                }

                if (next is null)
                {
                    break;
                }

                plans++;
                system.Learn(next);
            }
        }

        Assert.True(plans > 500, $"only {plans} plans compared");
    }

    [Fact]
    public void Next_excluded_never_returns_an_excluded_set_and_otherwise_returns_what_Next_returns()
    {
        for (var seed = 0; seed < 30; seed++)
        {
            var system = new RandomLineage(seed, maxFaults: 3);
            system.Start();
            var rng = new Random(seed);
            foreach (var planner in Planners(system.Model))
            {
                for (var step = 0; step < 15 && planner.Next() is { } next; step++)
                {
                    // Sets that are not the answer (tried ones, random others): the answer stays.
                    var others = Enumerable.Range(0, 3).Select(_ => RankOracle.Next(system.Model, [next]) ?? next).Where(s => !s.Equals(next)).ToList();
                    Assert.Equal(next, planner.Next(others));

                    var excluded = new List<FaultSet> { next };
                    var without = planner.Next(excluded);
                    Assert.NotEqual(next, without);
                    if (planner is CpSatPlanner)
                    {
                        Assert.Equal(RankOracle.Next(system.Model, excluded), without);
                    }

                    Assert.Equal(next, planner.Next());
                    system.Learn(rng.Next(3) == 0 && without is not null ? without : next);
                }
            }
        }
    }

    [Fact]
    public void A_speculated_batch_lists_distinct_sets_in_non_decreasing_size_and_leaves_the_planner_as_it_was()
    {
        var batches = 0;
        for (var seed = 0; seed < 25; seed++)
        {
            var system = new RandomLineage(seed, maxFaults: 3);
            system.Start();
            foreach (var planner in Planners(system.Model))
            {
                for (var step = 0; step < 8 && planner.Next() is { } first; step++)
                {
                    var batch = new List<FaultSet>();
                    while (batch.Count < 6 && planner.Next(batch) is { } next)
                    {
                        Assert.DoesNotContain(next, batch);
                        Assert.True(batch.Count == 0 || batch[^1].Count <= next.Count, $"seed {seed}: {next} after {batch.LastOrDefault()}");
                        if (planner is CpSatPlanner)
                        {
                            Assert.Equal(RankOracle.Next(system.Model, batch), next);
                        }

                        batch.Add(next);
                    }

                    // Nothing was learned, so speculating again gives the same batch, and the CP-SAT model (built on first need) did not grow.
                    batches++;
                    var constraints = (planner as CpSatPlanner)?.Search?.Constraints;
                    Assert.Equal(first, batch[0]);
                    Assert.Equal(first, planner.Next());
                    Assert.Equal(batch, Enumerable.Range(0, batch.Count).Select(i => planner.Next(batch[..i])));
                    Assert.Equal(constraints, (planner as CpSatPlanner)?.Search?.Constraints);
                    foreach (var set in batch)
                    {
                        system.Learn(set);
                    }
                }
            }
        }

        Assert.True(batches > 50, $"only {batches} batches");
    }

    [Fact]
    public void Exclusions_reach_the_incremental_CP_SAT_model_and_are_gone_after_the_call()
    {
        var checkedSolves = 0;
        for (var seed = 0; seed < 40; seed++)
        {
            var system = new RandomLineage(seed, maxFaults: 3);
            system.Start();
            var planner = new CpSatPlanner(system.Model, scans: false);
            for (var step = 0; step < 20 && planner.Next() is { } next; step++)
            {
                var constraints = planner.Search!.Constraints;
                var second = planner.Next([next]);
                Assert.Equal(RankOracle.Next(system.Model, [next]), second);
                Assert.Equal(constraints, planner.Search.Constraints);
                Assert.Equal(next, planner.Next());
                checkedSolves++;
                system.Learn(next);
            }
        }

        Assert.True(checkedSolves > 100, $"only {checkedSolves} solves");
    }

    [Fact]
    public void A_restricted_model_over_the_first_edges_widened_by_the_seed_order_gives_the_brute_force_answer()
    {
        var solves = 0;
        for (var seed = 0; seed < 60; seed++)
        {
            var system = new RandomLineage(seed, maxFaults: 3);
            system.Start();
            var rng = new Random(seed);
            for (var step = 0; step < 25; step++)
            {
                FaultSet? next = null;
                foreach (var smallest in new[] { 1, 2, 3 })
                {
                    foreach (var prefix in new[] { 1, 2, 3 })
                    {
                        var search = new CpSatSearch(system.Model, new SeedOrder(system.Model), smallest, prefix);
                        var answer = search.Solve([]);
                        Assert.Equal(RankOracle.Next(system.Model, [], smallest), answer);
                        if (answer is not null)
                        {
                            Assert.Equal(RankOracle.Next(system.Model, [answer], smallest), search.Solve([answer]));
                        }

                        next = smallest == 1 ? answer : next;
                        solves++;
                    }
                }

                if (next is null)
                {
                    break;
                }

                system.Learn(rng.Next(4) == 0 ? RankOracle.Next(system.Model, [next]) ?? next : next);
            }
        }

        Assert.True(solves > 1000, $"only {solves} solves");
    }

    private static IEnumerable<IFaultSetPlanner> Planners(LineageModel model) =>
        [new CpSatPlanner(model), new CpSatPlanner(model, scans: false), new ExhaustivePlanner(model)];
}
