using Ldfi.Testing.Tests.Scenarios;
using Xunit;

namespace Ldfi.Testing.Tests;

public class CatalogTests
{
    public static TheoryData<string> Ids() => [.. Catalog.All.Select(s => s.Id)];

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task Exact_gives_the_expected_verdict_and_minimal_fault_set(string id)
    {
        var scenario = Catalog.Get(id);
        var result = await FaultExplorer.ExploreAsync(scenario.Test, Catalog.Options());

        Assert.Equal(scenario.Expected, result.Verdict);
        if (scenario.Failing is { } expected)
        {
            var shape = Catalog.Shape(result.FailingFaultSet!);
            Assert.Contains(shape, expected);
            Assert.Equal(expected[0].Length, shape.Length);
            if (scenario.FailingKind is { } kind)
            {
                Assert.All(result.FailingFaultSet!, f => Assert.Equal(kind, f.Kind));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task FindAllFailures_reports_exactly_the_minimal_failing_shapes(string id)
    {
        var scenario = Catalog.Get(id);
        var result = await FaultExplorer.ExploreAsync(scenario.Test, Catalog.Options(findAll: true));

        var shapes = result.FailingFaultSets.Select(Catalog.Shape).Select(s => string.Join(",", s)).Distinct().Order().ToArray();
        var expected = (scenario.Failing ?? []).Select(s => string.Join(",", s)).Order().ToArray();
        Assert.Equal(expected, shapes);
    }

    [Fact]
    public async Task Deep_redundant_needs_exactly_one_experiment_per_distinct_behaviour()
    {
        var result = await FaultExplorer.ExploreAsync(Catalog.Get("deep-redundant").Test, Catalog.Options());

        var experiments = result.Runs.Where(r => r.Kind is RunKind.Baseline or RunKind.Experiment).ToList();
        Assert.True(result.Verdict == Verdict.Tolerant, result.Summary);
        Assert.Equal(349, result.Experiments);
        Assert.Equal(experiments.Count, experiments.Select(r => r.Behaviour).Distinct().Count());
    }

    [Fact]
    public async Task Exhaustive_enumerates_every_assignment_over_the_call_sites_seen_on_deep_redundant()
    {
        var result = await FaultExplorer.ExploreAsync(Catalog.Get("deep-redundant").Test, Catalog.Options(ExplorationStrategy.Exhaustive));

        Assert.Equal(Verdict.Tolerant, result.Verdict);
        Assert.Equal(2557, result.Experiments);
    }

    [Fact]
    public async Task MergedSupports_wrongly_certifies_primary_path_only_which_proves_it_unsound()
    {
        var scenario = Catalog.Get("primary-path-only");

        var merged = await FaultExplorer.ExploreAsync(scenario.Test, Catalog.Options(ExplorationStrategy.MergedSupports));
        var exact = await FaultExplorer.ExploreAsync(scenario.Test, Catalog.Options());

        Assert.Equal(Verdict.Tolerant, merged.Verdict);
        Assert.Equal(Verdict.Failed, exact.Verdict);
    }

    [Fact]
    public async Task No_timeout_failure_names_the_deadline_and_the_delayed_call()
    {
        var result = await FaultExplorer.ExploreAsync(Catalog.Get("no-timeout").Test, Catalog.Options());

        var run = Assert.IsType<ExperimentRun>(result.FailingRun);
        Assert.True(run.DeadlineExceeded);
        var error = Assert.IsType<DeadlineExceededException>(run.Failure);
        Assert.Contains("no timeout guards", error.Message, StringComparison.Ordinal);
        Assert.Contains("A → B GET / #1", error.Message, StringComparison.Ordinal);
    }
}
