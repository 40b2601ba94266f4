using System.Collections.Concurrent;
using Grpc.Core;
using Xunit;

namespace Ldfi.Testing.Tests.Grpc;

/// <summary>A server-streaming call is one call site; its faults reach the caller at the first message.</summary>
public sealed class GrpcStreamingTests
{
    [Fact]
    public async Task Each_fault_reaches_a_server_streaming_caller_at_its_first_message()
    {
        await using var ledger = await LedgerServer.StartAsync();
        var client = ledger.CreateTestClient();
        var seen = new ConcurrentDictionary<string, StatusCode>();
        var result = await FaultExplorer.ExploreAsync(async ct =>
        {
            var account = Guid.NewGuid().ToString("N");
            using var call = client.Watch(new GetRequest { Account = account }, deadline: DateTime.UtcNow.AddSeconds(20), cancellationToken: ct);
            try
            {
                var amounts = new List<int>();
                await foreach (var total in call.ResponseStream.ReadAllAsync(ct))
                {
                    amounts.Add(total.Amount);
                }

                Assert.Equal([1, 2, 3], amounts);
                Assert.False(FaultInjection.Current!.WasInjected());
            }
            catch (RpcException ex)
            {
                var fault = Assert.Single(FaultInjection.Current!.Injected);
                seen[fault.Value] = ex.StatusCode;
                Assert.Equal(fault.Kind == FaultKind.Delay, ledger.State.Totals.ContainsKey("watched:" + account));
            }
        }, new ExplorationOptions { MaxFaults = 1 });

        Assert.True(result.Verdict == Verdict.Tolerant, result.Summary);
        Assert.Equal("test → ledger ledger.Ledger/Watch #1", result.Baseline.AllCalls.Single().Site.ToString());
        Assert.Equal(
            ["Delay=DeadlineExceeded", "Error=Unavailable", "Status INTERNAL=Internal", "Status UNAVAILABLE=Unavailable"],
            seen.Select(p => $"{p.Key}={p.Value}").Order());
    }
}
