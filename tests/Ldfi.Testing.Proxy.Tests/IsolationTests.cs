using System.Collections.Concurrent;

namespace Ldfi.Testing.Proxy.Tests;

/// <summary>Requests outside experiments pass through; explorations sharing the same processes keep their faults apart.</summary>
public sealed class IsolationTests
{
    [Fact]
    public async Task Outside_an_experiment_a_call_passes_through_untouched_and_is_counted_as_unattributed()
    {
        await using var host = await Relays.StartAsync(Relays.Relay("front"), Relays.Relay("back"));
        using var front = host.CreateClient("front");

        Assert.Equal("200", await Relays.CallAsync(front, HttpMethod.Get, "call/back/count"));

        // The test's request to front and front's call to back: neither had an experiment to belong to.
        Assert.Equal(2, host.UnattributedCount);
        Assert.Contains(host.Unattributed, r => r is { Service: "back", Method: "GET", Path: "/count" });
    }

    [Fact]
    public async Task Two_explorations_at_once_through_the_same_proxies_each_see_only_their_own_faults()
    {
        await using var host = await Relays.StartAsync(Relays.Relay("front"), Relays.Relay("back"));
        using var front = host.CreateClient("front");
        var answers = new ConcurrentDictionary<FaultKind, ConcurrentBag<string>>();
        Task<ExplorationResult> Explore(FaultKind kind) => FaultExplorer.ExploreAsync(
            async _ =>
            {
                var answer = await Relays.CallAsync(front, HttpMethod.Get, "call/back/count");
                answers.GetOrAdd(kind, _ => []).Add(answer);
            },
            new ExplorationOptions { MaxFaults = 1, Faults = kind });

        var results = await Task.WhenAll(Explore(FaultKind.Error), Explore(FaultKind.Status));

        Assert.All(results, r => Assert.Equal(Verdict.Tolerant, r.Verdict));
        Assert.All(results[0].Runs.SelectMany(r => r.Injected), f => Assert.Equal(FaultKind.Error, f.Kind));
        Assert.All(results[1].Runs.SelectMany(r => r.Injected), f => Assert.Equal(FaultKind.Status, f.Kind));
        Assert.Equal(["200", "unreachable"], answers[FaultKind.Error].Distinct().Order());
        Assert.Equal(["200", "500", "503"], answers[FaultKind.Status].Distinct().Order());
    }

    [Fact]
    public async Task A_service_that_drops_the_baggage_makes_calls_the_proxy_reports_as_unattributed_by_callee()
    {
        await using var host = await Relays.StartAsync(Relays.Relay("front", dropBaggage: true), Relays.Relay("back"));
        using var front = host.CreateClient("front");
        var result = await FaultExplorer.ExploreAsync(
            async _ => Assert.Equal("200", await Relays.CallAsync(front, HttpMethod.Get, "call/back/count")),
            new ExplorationOptions { MaxFaults = 1 });

        // Nothing to explore (the call to back is in no call tree), and the proxy says so instead of staying silent.
        Assert.Equal(Verdict.Tolerant, result.Verdict);
        Assert.Empty(result.Runs[0].AllCalls);
        Assert.Contains(host.Unattributed, r => r is { Service: "back", Path: "/count", Reason: "no ldfi.experiment in its baggage" });
    }
}
