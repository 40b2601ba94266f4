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
        Assert.Contains("an id in its path", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("address", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_callee_whose_port_changed_is_reported_as_an_address_change_not_an_id_in_the_path()
    {
        var line = await DriftAsync("Error @ bridge>localhost:34925 GET /coins#1", "bridge", "localhost:41017", "GET /coins");

        Assert.Contains("in its place: bridge → localhost:41017 GET /coins #1", line, StringComparison.Ordinal);
        Assert.Contains("the callee's address changed between runs (only its port or IP differs)", line, StringComparison.Ordinal);
        Assert.Contains("IHttpClientFactory client", line, StringComparison.Ordinal);
        Assert.DoesNotContain("path", line, StringComparison.Ordinal);
        Assert.DoesNotContain("order of calls", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_callee_whose_IP_changed_is_reported_as_an_address_change()
    {
        var line = await DriftAsync("Error @ bridge>10.0.0.7 GET /coins#1", "bridge", "10.0.0.9", "GET /coins");

        Assert.Contains("address changed between runs", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_remembered_by_address_and_now_named_by_its_client_says_so()
    {
        var line = await DriftAsync("Error @ bridge>localhost:34925 GET /coins#1", "bridge", "svc-coins", "GET /coins");

        Assert.Contains("known by its address (localhost:34925) and is now named svc-coins", line, StringComparison.Ordinal);
        Assert.DoesNotContain("path", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_host_name_with_the_same_operation_is_not_called_an_address_change()
    {
        var line = await DriftAsync("Error @ a>payments GET /charges#1", "a", "payments-v2", "GET /charges");

        Assert.DoesNotContain("address", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_with_another_ordinal_is_reported_as_an_ordering_problem()
    {
        var line = await DriftAsync("Error @ a>b GET /orders#2", "a", "b", "GET /orders");

        Assert.Contains("in its place: a → b GET /orders #1", line, StringComparison.Ordinal);
        Assert.Contains("make the order of calls deterministic", line, StringComparison.Ordinal);
        Assert.DoesNotContain("address", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_call_of_the_same_callee_is_not_called_an_id_in_the_path()
    {
        var line = await DriftAsync("Error @ a>b GET /orders/summary#1", "a", "b", "GET /profile");

        Assert.Contains("in its place: a → b GET /profile #1", line, StringComparison.Ordinal);
        Assert.Contains("the run took another path", line, StringComparison.Ordinal);
        Assert.DoesNotContain("normalisation", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_in_the_path_is_called_an_id_in_the_path()
    {
        var line = await DriftAsync("Error @ a>b GET /sessions/kQxvTzmWpLrNsYbH/items#1", "a", "b", "GET /sessions/pLmNoQrStUvWxYzA/items");

        Assert.Contains("an id in its path", line, StringComparison.Ordinal);
    }

    /// <summary>Replays a remembered fault against a system that makes one call instead, and returns the drift line.</summary>
    private static async Task<string> DriftAsync(string remembered, string caller, string callee, string operation)
    {
        var options = new ExplorationOptions { Faults = FaultKind.Error, MaxFaults = 1 };
        options.Replay.Add(FaultSetDescription.Parse(remembered));

        var result = await FaultExplorer.ExploreAsync(async _ => await Sim.TryCall(caller, callee, operation), options);

        return Assert.Single(IdentityDrift.Lines(result));
    }
}
