namespace Ldfi.Testing.Proxy.Tests;

/// <summary>Calls across processes are named like in-process calls, with the right parent, from W3C baggage alone.</summary>
public sealed class AttributionTests
{
    [Fact]
    public async Task A_chain_of_processes_gets_its_call_tree_from_the_baggage_they_forward()
    {
        await using var host = await Relays.StartAsync(Relays.Relay("front"), Relays.Relay("middle"), Relays.Relay("back"));
        using var front = host.CreateClient("front");
        var result = await FaultExplorer.ExploreAsync(
            async _ => Assert.Equal("200", await Relays.CallAsync(front, HttpMethod.Get, "call/middle/call/back/count")),
            new ExplorationOptions { MaxFaults = 1, Faults = FaultKind.Error });

        var baseline = result.Runs[0];
        var outer = Assert.Single(baseline.Calls);
        Assert.Equal("front → middle GET /call/back/count #1", outer.Site.ToString());
        var inner = Assert.Single(outer.Children);
        Assert.Equal("middle → back GET /count #1", inner.Site.ToString());
        Assert.Equal(outer.Site, inner.Site.Parent);

        // The same identities in every run: an Error on the outer call removes the inner one, as in-process.
        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Equal("front → middle GET /call/back/count #1", Assert.Single(result.FailingFaultSet!).Site.ToString());
    }

    [Fact]
    public async Task A_hyphenated_service_is_reachable_through_its_Aspire_style_variable_past_the_watchdogs_shell()
    {
        await using var host = await Relays.StartAsync(Relays.Relay("front"), Relays.Relay("back-end"));
        using var front = host.CreateClient("front");
        var result = await FaultExplorer.ExploreAsync(
            async _ => Assert.Equal("200", await Relays.CallAsync(front, HttpMethod.Get, "call/back-end/count")),
            new ExplorationOptions { MaxFaults = 1, Faults = FaultKind.Error });

        Assert.Equal("front → back-end GET /count #1", Assert.Single(result.Runs[0].Calls).Site.ToString());
    }

    [Fact]
    public async Task An_in_process_instrumented_caller_is_the_parent_of_the_processes_calls_and_the_proxy_adds_no_second_call_site()
    {
        await using var host = await Relays.StartAsync(Relays.Relay("front"), Relays.Relay("back"));
        using var handler = new FaultInjectionHandler("tester", new SocketsHttpHandler { UseProxy = false }) { CalleeName = _ => "front" };
        using var client = new HttpClient(handler) { BaseAddress = host.Address("front") };
        var result = await FaultExplorer.ExploreAsync(
            async _ => Assert.Equal("200", await Relays.CallAsync(client, HttpMethod.Get, "call/back/count")),
            new ExplorationOptions { MaxFaults = 1, Faults = FaultKind.Error });

        var outer = Assert.Single(result.Runs[0].Calls);
        Assert.Equal("tester → front GET /call/back/count #1", outer.Site.ToString());
        Assert.Equal("front → back GET /count #1", Assert.Single(outer.Children).Site.ToString());
    }
}
