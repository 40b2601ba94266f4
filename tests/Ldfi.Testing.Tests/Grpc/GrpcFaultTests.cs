using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Xunit;

namespace Ldfi.Testing.Tests.Grpc;

/// <summary>Each fault kind on a real Grpc.Net.Client call to a real Grpc.AspNetCore server, through a hand-made channel.</summary>
public sealed class GrpcFaultTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Error_fails_the_connection_and_the_client_reports_unavailable_without_the_server_running()
    {
        await using var ledger = await LedgerServer.StartAsync();
        var client = ledger.CreateTestClient();
        var seen = new ConcurrentBag<StatusCode>();
        var result = await FaultExplorer.ExploreAsync(Tolerant(ledger, client, seen), new ExplorationOptions { Faults = FaultKind.Error, MaxFaults = 1 });

        Assert.True(result.Verdict == Verdict.Tolerant, result.Summary);
        Assert.Equal([StatusCode.Unavailable], seen.Distinct());
        Assert.Contains(result.Runs, r => r.Injected.Any(f => f.Kind == FaultKind.Error && f.Operation == "ledger.Ledger/Add"));
    }

    [Fact]
    public async Task Status_answers_each_configured_grpc_code_as_a_real_server_would_without_the_server_running()
    {
        await using var ledger = await LedgerServer.StartAsync();
        var client = ledger.CreateTestClient();
        var seen = new ConcurrentBag<StatusCode>();
        var options = new ExplorationOptions { Faults = FaultKind.Status, MaxFaults = 1, GrpcStatusCodes = [14, 13, 8] };
        var result = await FaultExplorer.ExploreAsync(Tolerant(ledger, client, seen), options);

        Assert.True(result.Verdict == Verdict.Tolerant, result.Summary);
        Assert.Equal([StatusCode.ResourceExhausted, StatusCode.Internal, StatusCode.Unavailable], seen.Distinct().Order());
        var values = result.Runs.SelectMany(r => r.Injected).Select(f => f.ToString()).Order();
        Assert.Equal(
            ["Status INTERNAL on test → ledger ledger.Ledger/Add #1", "Status RESOURCE_EXHAUSTED on test → ledger ledger.Ledger/Add #1", "Status UNAVAILABLE on test → ledger ledger.Ledger/Add #1"],
            values);
    }

    [Fact]
    public async Task The_default_grpc_codes_are_unavailable_and_internal()
    {
        await using var ledger = await LedgerServer.StartAsync();
        var client = ledger.CreateTestClient();
        var seen = new ConcurrentBag<StatusCode>();
        var result = await FaultExplorer.ExploreAsync(Tolerant(ledger, client, seen), new ExplorationOptions { Faults = FaultKind.Status, MaxFaults = 1 });

        Assert.Equal([StatusCode.Internal, StatusCode.Unavailable], seen.Distinct().Order());
        Assert.Equal([13, 14], result.Baseline.AllCalls.Single().StatusCodes);
    }

    [Fact]
    public async Task Delay_lets_the_server_run_and_ends_at_the_calls_deadline_on_the_virtual_clock()
    {
        await using var ledger = await LedgerServer.StartAsync();
        var client = ledger.CreateTestClient();
        var seen = new ConcurrentBag<StatusCode>();
        var wall = Stopwatch.StartNew();
        var result = await FaultExplorer.ExploreAsync(Tolerant(ledger, client, seen, Deadline), new ExplorationOptions { Faults = FaultKind.Delay, MaxFaults = 1 });
        wall.Stop();

        Assert.True(result.Verdict == Verdict.Tolerant, result.Summary);
        Assert.Equal([StatusCode.DeadlineExceeded], seen.Distinct());
        var held = Assert.Single(result.Runs.SelectMany(r => r.AllCalls), c => c.Fault is { Kind: FaultKind.Delay });
        Assert.Equal("DEADLINE_EXCEEDED", held.Detail);
        Assert.InRange(held.HeldFor!.Value, Deadline - TimeSpan.FromSeconds(1), Deadline);
        Assert.StartsWith("the caller gave up (the gRPC deadline", held.HoldEndedBy, StringComparison.Ordinal);

        // 30 s of virtual time; the whole exploration takes a fraction of it in real time.
        Assert.True(wall.Elapsed < Deadline, $"took {wall.Elapsed}");
    }

    [Fact]
    public async Task Delay_without_a_deadline_or_timeout_is_reported_unguarded()
    {
        await using var ledger = await LedgerServer.StartAsync();
        var client = ledger.CreateTestClient();
        var result = await FaultExplorer.ExploreAsync(
            async ct => await client.AddAsync(new AddRequest { Account = Guid.NewGuid().ToString(), Amount = 1 }, cancellationToken: ct),
            new ExplorationOptions { Faults = FaultKind.Delay, MaxFaults = 1 });

        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.True(result.FailingRun!.Failure is DeadlineExceededException { IsUnguarded: true }, result.FailingRun.Failure?.ToString());
    }

    /// <summary>
    /// A body that tolerates every fault and checks what it saw: a fault shows as an RpcException exactly when one was
    /// injected, Error and Status never reach the server, a Delay does.
    /// </summary>
    internal static Func<CancellationToken, Task> Tolerant(LedgerServer ledger, Ledger.LedgerClient client, ConcurrentBag<StatusCode> seen, TimeSpan? deadline = null) => async ct =>
    {
        var account = Guid.NewGuid().ToString("N");
        try
        {
            var total = await client.AddAsync(new AddRequest { Account = account, Amount = 5 }, deadline: deadline is { } d ? DateTime.UtcNow + d : null, cancellationToken: ct);
            Assert.Equal(5, total.Amount);
            Assert.False(FaultInjection.Current!.WasInjected("ledger"));
        }
        catch (RpcException ex)
        {
            seen.Add(ex.StatusCode);
            var fault = Assert.Single(FaultInjection.Current!.Injected);
            Assert.Equal(fault.Kind == FaultKind.Delay, ledger.State.Totals.ContainsKey(account));
        }
    };
}
