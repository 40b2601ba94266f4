using Ldfi.Testing.Tests.Scenarios;
using Xunit;

namespace Ldfi.Testing.Tests.Verdicts;

/// <summary>
/// After the first confirmed failing set the search goes on for a bounded number of experiments, and the count of
/// minimal failing sets is truthful: all of them when the search ran dry, else "found, there may be more" (issue 24, part 3).
/// </summary>
public sealed class MoreFailuresTests
{
    private static ExplorationOptions Quorum(FaultKind faults, int? budget = null, bool findAll = false)
    {
        var options = Catalog.Options(findAll: findAll);
        options.Faults = faults;
        options.MoreFailuresBudget = budget ?? options.MoreFailuresBudget;
        return options;
    }

    [Fact]
    public async Task A_search_that_runs_dry_within_the_budget_reports_every_minimal_failing_set()
    {
        var result = await FaultExplorer.ExploreAsync(Catalog.Get("quorum").Test, Quorum(FaultKind.Error));
        var all = await FaultExplorer.ExploreAsync(Catalog.Get("quorum").Test, Quorum(FaultKind.Error, findAll: true));

        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.True(result.AllFailuresFound);
        Assert.Equal(all.FailingFaultSets, result.FailingFaultSets);
        Assert.Equal(3, result.FailingFaultSets.Count);
        Assert.InRange(result.ExperimentsAfterFirstFailure, 1, ExplorationDefaults.MoreFailuresBudget);
        Assert.Contains($"all 3 minimal failing sets within 2 faults, found in {Phrases.Plural(result.ExperimentsAfterFirstFailure, "experiment")} after the first", result.Summary, StringComparison.Ordinal);
        Assert.True(all.AllFailuresFound);
        Assert.Contains("### All minimal failing fault sets", ExplorationReport.Markdown(result, "t"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_search_cut_short_by_the_budget_says_there_may_be_more_and_how_to_list_them_all()
    {
        var result = await FaultExplorer.ExploreAsync(Catalog.Get("quorum").Test, Quorum(FaultKind.All));

        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.False(result.AllFailuresFound);
        Assert.Equal(ExplorationDefaults.MoreFailuresBudget, result.ExperimentsAfterFirstFailure);
        Assert.Contains($"{result.FailingFaultSets.Count} minimal failing sets found, there may be more: the search stopped 16 experiments after the first; FindAllFailures = true (Snapshot = true on [FaultTolerant]) finds them all", result.Summary, StringComparison.Ordinal);
        Assert.Contains("Minimal failing fault sets found, there may be more (", ExplorationReport.FailureMessage(result, "t"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_budget_of_zero_stops_at_the_first_set_and_says_so()
    {
        var result = await FaultExplorer.ExploreAsync(Catalog.Get("quorum").Test, Quorum(FaultKind.Error, budget: 0));

        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Single(result.FailingFaultSets);
        Assert.False(result.AllFailuresFound);
        Assert.Equal(0, result.ExperimentsAfterFirstFailure);
        Assert.Contains("(stopped at the first minimal failing set, there may be more: FindAllFailures = true", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_only_minimal_failing_set_is_called_so()
    {
        var result = await FaultExplorer.ExploreAsync(Catalog.Get("single").Test, Quorum(FaultKind.Error));

        Assert.True(result.AllFailuresFound);
        Assert.Contains("breaks the test (the only minimal failing set within 2 faults", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_budget_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Ldfi.Testing.Sdk.FaultTolerantSettings { MoreFailuresBudget = -1 }.ToOptions());

        Assert.StartsWith("[FaultTolerant] MoreFailuresBudget must be from 0 to 1,000,000; it was -1.", error.Message, StringComparison.Ordinal);
    }
}
