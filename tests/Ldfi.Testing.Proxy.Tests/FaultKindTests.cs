using System.Collections.Concurrent;

namespace Ldfi.Testing.Proxy.Tests;

/// <summary>Each fault kind through a proxy, as the calling process (Node.js fetch) sees it.</summary>
public sealed class FaultKindTests
{
    [Fact]
    public async Task Error_resets_Status_answers_without_the_callee_and_Delay_delivers_then_holds_past_the_callers_timeout()
    {
        await using var host = await Relays.StartAsync(Relays.Relay("front", timeoutMs: 500), Relays.Relay("back"));
        using var front = host.CreateClient("front");
        using var back = host.CreateClient("back");
        var seen = new ConcurrentDictionary<string, (string Answer, int Charged)>();
        var result = await FaultExplorer.ExploreAsync(
            async _ =>
            {
                var before = await Relays.CountAsync(back);
                var answer = await Relays.CallAsync(front, HttpMethod.Post, "call/back/count");
                var planned = FaultInjection.Current!.Planned.SingleOrDefault()?.Value.ToString() ?? "none";
                seen[planned] = (answer, await Relays.CountAsync(back) - before);
            },
            new ExplorationOptions { MaxFaults = 1, Parallelism = 1 });

        Assert.Equal(Verdict.Tolerant, result.Verdict);
        Assert.Equal(("200", 1), seen["none"]);
        Assert.Equal(("unreachable", 0), seen["Error"]);
        Assert.Equal(("500", 0), seen["Status 500"]);
        Assert.Equal(("503", 0), seen["Status 503"]);

        // Delivered and processed (the counter moved), answered only after the caller had given up.
        Assert.Equal(("timeout", 1), seen["Delay"]);
        var delayed = result.Runs.SelectMany(r => r.AllCalls).Single(c => c.Fault is { Kind: FaultKind.Delay });
        Assert.Equal("the caller closed the connection", delayed.HoldEndedBy);
        Assert.True(delayed.HeldFor > TimeSpan.Zero);
    }

    [Fact]
    public async Task The_configured_status_codes_of_a_service_add_to_the_default_Status_values_but_its_caller_errors()
    {
        var back = Relays.Relay("back");
        back.StatusCodes = [400, 402]; // a declaration: 400 (the caller's request is wrong) is not tried by default
        await using var host = await Relays.StartAsync(Relays.Relay("front"), back);
        using var front = host.CreateClient("front");
        var answers = new ConcurrentBag<string>();
        var result = await FaultExplorer.ExploreAsync(
            async _ => answers.Add(await Relays.CallAsync(front, HttpMethod.Get, "call/back/count")),
            new ExplorationOptions { MaxFaults = 1, Faults = FaultKind.Status });

        Assert.Equal(Verdict.Tolerant, result.Verdict);
        Assert.Equal(["200", "402", "500", "503"], answers.Distinct().Order());
    }
}
