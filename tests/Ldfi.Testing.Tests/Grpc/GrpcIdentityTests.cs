using Grpc.Core;
using Xunit;

namespace Ldfi.Testing.Tests.Grpc;

/// <summary>gRPC call sites: named by service and method, stable across runs, retries as ordinals, untouched outside experiments.</summary>
public sealed class GrpcIdentityTests
{
    [Fact]
    public async Task Calls_are_named_by_grpc_method_and_keep_their_identity_in_every_run()
    {
        await using var ledger = await LedgerServer.StartAsync();
        var client = ledger.CreateTestClient();
        var result = await FaultExplorer.ExploreAsync(async ct =>
        {
            var account = Guid.NewGuid().ToString("N");
            foreach (var amount in new[] { 1, 2 })
            {
                await Swallow(client.AddAsync(new AddRequest { Account = account, Amount = amount }, cancellationToken: ct).ResponseAsync);
            }

            await Swallow(client.GetAsync(new GetRequest { Account = account }, cancellationToken: ct).ResponseAsync);
        }, new ExplorationOptions { Faults = FaultKind.Error | FaultKind.Status, MaxFaults = 1 });

        Assert.True(result.Verdict == Verdict.Tolerant, result.Summary);
        Assert.Equal(
            ["test → ledger ledger.Ledger/Add #1", "test → ledger ledger.Ledger/Add #2", "test → ledger ledger.Ledger/Get #1"],
            result.Baseline.AllCalls.Select(c => c.Site.ToString()));
        var baseline = result.Baseline.AllCalls.Select(c => c.Site.Id).ToHashSet();
        Assert.All(result.Runs, r => Assert.True(r.AllCalls.All(c => baseline.Contains(c.Site.Id)), string.Join(", ", r.AllCalls)));
        Assert.All(result.Runs, r => Assert.Empty(r.NotInjected));

        // One run per fault value per call (Error, Status UNAVAILABLE, Status INTERNAL on each of three calls) and the baseline.
        Assert.Equal(1 + (3 * 3), result.Experiments);
    }

    [Fact]
    public async Task A_grpc_retry_policy_retries_on_the_injected_status_and_the_retry_is_the_next_ordinal()
    {
        await using var ledger = await LedgerServer.StartAsync();
        await using var front = await Front.StartAsync(ledger, client: o => o.ChannelOptionsActions.Add(c => c.ServiceConfig = GrpcRetry.Policy(maxAttempts: 3)));
        var result = await FaultExplorer.ExploreAsync(Add(front), new ExplorationOptions { Faults = FaultKind.Error | FaultKind.Status, MaxFaults = 2 });

        // Three attempts: any two UNAVAILABLE (or connection failures) are retried away, and the server ran once.
        Assert.True(result.Verdict == Verdict.Tolerant, result.Summary);
        Assert.Equal(["front → ledger ledger.Ledger/Add #1"], result.Baseline.AllCalls.Where(c => c.Site.Callee == "ledger").Select(c => c.Site.ToString()));
        var twice = Assert.Single(result.Runs, r => r.Injected.Select(f => f.Ordinal).Order().SequenceEqual([1, 2]) && r.Injected.All(f => f.StatusCode == 14));
        Assert.Contains(twice.AllCalls, c => c.Site is { Callee: "ledger", Ordinal: 3 } && c.Outcome == CallOutcome.Succeeded);
    }

    [Fact]
    public async Task Calls_outside_an_experiment_pass_through_untouched()
    {
        await using var ledger = await LedgerServer.StartAsync();
        var client = ledger.CreateTestClient();
        var total = await client.AddAsync(new AddRequest { Account = "plain", Amount = 3 });

        Assert.Equal(3, total.Amount);
        Assert.Equal([string.Empty], ledger.State.ExperimentHeaders);
        Assert.Null(FaultInjection.Current);
    }

    [Fact]
    public void A_grpc_status_survives_a_fault_set_description()
    {
        var text = "Status UNAVAILABLE @ test>ledger ledger.Ledger/Add#1\nStatus 503 @ test>web GET /x#1";
        var faults = FaultSetDescription.Parse(text).Faults.ToList();

        Assert.Equal([14, 503], faults.Select(f => f.StatusCode));
        Assert.Equal(text, FaultSetDescription.From(new FaultSet(faults)).ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    [InlineData(503)]
    public async Task Grpc_status_codes_outside_1_to_16_are_rejected(int code)
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            FaultExplorer.ExploreAsync(_ => Task.CompletedTask, new ExplorationOptions { GrpcStatusCodes = [code] }));
        Assert.Contains("GrpcStatusCodes", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Adds through the front; a failure is acceptable only when the ledger call was faulted, a success only with the amount added once.</summary>
    internal static Func<CancellationToken, Task> Add(Front front, int amount = 5) => async ct =>
    {
        var account = Guid.NewGuid().ToString("N");
        using var response = await front.Client.PostAsync(new Uri($"add/{account}/{amount}", UriKind.Relative), null, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.IsSuccessStatusCode)
        {
            Assert.Equal(amount.ToString(System.Globalization.CultureInfo.InvariantCulture), body);
        }
        else
        {
            Assert.True(FaultInjection.Current!.WasInjected("ledger"), body);
        }
    };

    private static async Task Swallow(Task call)
    {
        try
        {
            await call;
        }
        catch (RpcException)
        {
        }
    }
}
