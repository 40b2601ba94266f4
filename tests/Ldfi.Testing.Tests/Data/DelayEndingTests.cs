using Ldfi.Testing.Postgres;
using Npgsql;
using Xunit;

namespace Ldfi.Testing.Tests.Data;

[Collection(PostgresCollection.Name)]
public class DelayEndingTests(PostgresFixture postgres)
{
    private static readonly ExplorationOptions DelayOnly = new() { MaxFaults = 1, Faults = FaultKind.Delay };

    [Fact]
    public async Task The_callers_cancellation_ends_a_delayed_command_before_its_timeout()
    {
        var ledger = await Ledger.CreateAsync(postgres.Server);
        var result = await FaultExplorer.ExploreAsync(async ct =>
        {
            // The caller's own 5 s budget, on the run's clock, is shorter than the 30 s command timeout.
            using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(5), FaultInjection.TimeProvider);
            await ledger.ChargeAsync("ord-" + Guid.NewGuid().ToString("N")[..8], budget.Token);
        }, DelayOnly);

        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.IsAssignableFrom<OperationCanceledException>(result.FailingRun!.Failure);
        Assert.InRange(result.FailingRun.VirtualDuration, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(29));
    }

    [Fact]
    public async Task A_synchronous_save_is_held_on_the_runs_clock_too()
    {
        var ledger = await Ledger.CreateAsync(postgres.Server);
        var result = await FaultExplorer.ExploreAsync(_ =>
        {
            using var db = ledger.Context();
            db.Charges.Add(new ChargeRow { OrderId = "ord-sync", Amount = 3 });
            db.SaveChanges();
            return Task.CompletedTask;
        }, DelayOnly);

        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Contains(Ledger.Chain(result.FailingRun!.Failure), e => e is NpgsqlException { InnerException: TimeoutException });
        Assert.True(result.FailingRun.VirtualDuration >= TimeSpan.FromSeconds(30), result.FailingRun.VirtualDuration.ToString());
    }
}
