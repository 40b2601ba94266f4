using Ldfi.Testing.Tests.Scenarios;
using Xunit;

namespace Ldfi.Testing.Tests.Reporting;

public sealed class IdentityDriftTests
{
    [Fact]
    public async Task A_planned_fault_whose_call_never_happened_is_reported_with_the_calls_made_in_its_place()
    {
        var options = new ExplorationOptions { Faults = FaultKind.Error };
        options.Replay.Add(FaultSetDescription.Parse("Error @ a>b GET /orders/2024-11-25T10:00#1"));
        string? progress = null;
        options.OnProgress = p => progress ??= p.Run.Kind == RunKind.Replay ? p.ToString() : null;

        var result = await FaultExplorer.ExploreAsync(async _ => await Sim.TryCall("a", "b", "GET /orders/today"), options);

        var replay = Assert.Single(result.Runs, r => r.Kind == RunKind.Replay);
        Assert.Single(replay.NotInjected);
        Assert.Contains("not injected, the call never happened", progress, StringComparison.Ordinal);
        var markdown = ExplorationReport.Markdown(result, "drift");
        Assert.Contains("identity drift", markdown, StringComparison.Ordinal);
        Assert.Contains("in its place: a → b GET /orders/today #1", markdown, StringComparison.Ordinal);
    }
}
