using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ldfi.Testing.Tests.Grpc;

/// <summary>Polly (the standard resilience handler at its production defaults) on an AddGrpcClient client sees every fault.</summary>
public sealed class GrpcResilienceTests
{
    [Fact]
    public async Task The_standard_resilience_handler_retries_a_delayed_non_idempotent_call_and_the_amount_is_added_twice()
    {
        await using var ledger = await LedgerServer.StartAsync();
        await using var front = await Front.StartAsync(ledger, resilience: b => b.AddStandardResilienceHandler());
        var result = await FaultExplorer.ExploreAsync(GrpcIdentityTests.Add(front), new ExplorationOptions { MaxFaults = 2 });

        Assert.True(result.Verdict == Verdict.Failed, result.Summary);
        Assert.Equal("Delay on front → ledger ledger.Ledger/Add #1", Assert.Single(result.FailingFaultSet!).ToString());
        var held = Assert.Single(result.FailingRun!.AllCalls, c => c.Fault is { Kind: FaultKind.Delay });
        Assert.Equal(TimeSpan.FromSeconds(10), held.HeldFor); // the handler's 10 s attempt timeout, on the virtual clock
        Assert.Contains(result.FailingRun.AllCalls, c => c.Site is { Callee: "ledger", Ordinal: 2 } && c.Outcome == CallOutcome.Succeeded);
    }

    [Fact]
    public async Task The_standard_resilience_handler_retries_an_injected_connection_failure()
    {
        await using var ledger = await LedgerServer.StartAsync();
        await using var front = await Front.StartAsync(ledger, resilience: b => b.AddStandardResilienceHandler());
        var result = await FaultExplorer.ExploreAsync(GrpcIdentityTests.Add(front), new ExplorationOptions { Faults = FaultKind.Error, MaxFaults = 1 });

        Assert.True(result.Verdict == Verdict.Tolerant, result.Summary);
        var retried = Assert.Single(result.Runs, r => r.Injected.SingleOrDefault() is { Callee: "ledger", Ordinal: 1 });
        Assert.Contains(retried.AllCalls, c => c.Site is { Callee: "ledger", Ordinal: 2 } && c.Outcome == CallOutcome.Succeeded);
    }

    [Fact]
    public async Task A_call_deadline_under_the_resilience_handler_ends_a_delay_before_the_attempt_timeout()
    {
        await using var ledger = await LedgerServer.StartAsync();
        await using var front = await Front.StartAsync(ledger, resilience: b => b.AddStandardResilienceHandler(), deadline: TimeSpan.FromSeconds(2));
        var result = await FaultExplorer.ExploreAsync(GrpcIdentityTests.Add(front), new ExplorationOptions { Faults = FaultKind.Delay, MaxFaults = 1 });

        // DEADLINE_EXCEEDED comes back as a 200 trailers-only answer: the HTTP-level handler does not retry it, the front answers 503.
        Assert.True(result.Verdict == Verdict.Tolerant, result.Summary);
        var held = Assert.Single(result.Runs.SelectMany(r => r.AllCalls), c => c.Fault is { Kind: FaultKind.Delay });
        Assert.InRange(held.HeldFor!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.Equal("DEADLINE_EXCEEDED", held.Detail);
    }

    [Fact]
    public async Task Parallel_explorations_never_see_each_others_faults()
    {
        await using var ledger = await LedgerServer.StartAsync();
        var alpha = ledger.CreateTestClient("alpha");
        var beta = ledger.CreateTestClient("beta");
        var seen = new ConcurrentBag<StatusCode>();
        var tolerant = FaultExplorer.ExploreAsync(GrpcFaultTests.Tolerant(ledger, alpha, seen), new ExplorationOptions { Faults = FaultKind.Error | FaultKind.Status, MaxFaults = 1 });
        var fragile = FaultExplorer.ExploreAsync(
            async ct => await beta.AddAsync(new AddRequest { Account = Guid.NewGuid().ToString("N"), Amount = 1 }, cancellationToken: ct),
            new ExplorationOptions { Faults = FaultKind.Error | FaultKind.Status, MaxFaults = 1, FindAllFailures = true });
        var results = await Task.WhenAll(tolerant, fragile);

        // The tolerant body asserts that every RpcException it got was its own injected fault.
        Assert.True(results[0].Verdict == Verdict.Tolerant, results[0].Summary);
        Assert.All(results[0].Runs.SelectMany(r => r.AllCalls), c => Assert.Equal("alpha", c.Site.Caller));
        Assert.Equal(3, results[1].FailingFaultSets.Count);
        Assert.All(results[1].Runs.SelectMany(r => r.AllCalls), c => Assert.Equal("beta", c.Site.Caller));
    }
}
