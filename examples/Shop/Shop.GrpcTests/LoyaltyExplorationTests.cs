using Ldfi.Testing;

namespace Shop.GrpcTests;

/// <summary>What the gRPC demo finds, as assertions CI runs: the late Award retried, and the loyalty page certified.</summary>
[Collection(LoyaltyCollection.Name)]
public sealed class LoyaltyExplorationTests(LoyaltyFixture shop)
{
    [Fact]
    public async Task A_late_award_is_retried_and_the_points_are_added_twice()
    {
        var result = await FaultExplorer.ExploreAsync(ct => Bodies.AwardOnce(shop.Mesh, shop.Ledger, ct), new ExplorationOptions());

        Assert.True(result.Verdict == Verdict.Failed, result.Summary);
        Assert.Equal(
            "Delay on gateway → loyalty loyalty.Loyalty/Award #1",
            Assert.Single(result.FailingFaultSet!).ToString());
        var retry = Assert.Single(result.FailingRun!.AllCalls, c => c.Site is { Callee: "loyalty", Ordinal: 2 });
        Assert.Equal(CallOutcome.Succeeded, retry.Outcome);
    }

    [Fact]
    public async Task The_loyalty_page_is_tolerant_to_any_two_faults()
    {
        var result = await FaultExplorer.ExploreAsync(ct => Bodies.LoyaltyPage(shop.Mesh, ct), new ExplorationOptions());

        Assert.True(result.Verdict == Verdict.Tolerant, result.Summary + "\n" + ExplorationReport.FailureMessage(result, "loyalty page"));
        Assert.Equal(
            ["gateway → loyalty loyalty.Loyalty/GetBalance #1", "gateway → loyalty loyalty.Loyalty/ListRewards #1"],
            result.Baseline.AllCalls.Where(c => c.Site.Callee == "loyalty").Select(c => c.Site.ToString()));
        Assert.Contains(result.Runs, r => r.Injected.Any(f => f.Value == "Status UNAVAILABLE"));
    }
}
