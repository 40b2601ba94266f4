using System.Data.Common;
using Dapper;
using Ldfi.Testing.Postgres;
using Npgsql;
using Xunit;

namespace Ldfi.Testing.Tests.Data;

/// <summary>The ADO.NET boundary (<see cref="FaultInjectionDbExtensions"/>) under Dapper, on a real PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AdoNetBoundaryTests(PostgresFixture postgres)
{
    private const string Insert = "INSERT INTO charges (\"OrderId\", \"Amount\") VALUES (@order, 10)";
    private const string Count = "SELECT count(*) FROM charges WHERE \"OrderId\" = @order";

    private static ExplorationOptions Options(FaultKind faults) => new() { MaxFaults = 1, Faults = faults };

    private static string NewOrder() => "ord-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<(Ledger Ledger, DbDataSource Source)> StartAsync(string database = "payments-db")
    {
        var ledger = await Ledger.CreateAsync(postgres.Server, database);
        return (ledger, NpgsqlDataSource.Create(ledger.ConnectionString).WithFaultInjection("payments", database));
    }

    /// <summary>Charges once; on a transient failure tries once more, the way a hand-written retry does (no idempotency key).</summary>
    private static async Task ChargeAsync(DbDataSource source, string order, int commandTimeout = 5)
    {
        await using var connection = await source.OpenConnectionAsync();
        try
        {
            await connection.ExecuteAsync(Insert, new { order }, commandTimeout: commandTimeout);
        }
        catch (NpgsqlException e) when (e.IsTransient)
        {
            await connection.ExecuteAsync(Insert, new { order }, commandTimeout: commandTimeout);
        }
    }

    [Fact]
    public async Task Dapper_commands_are_call_sites_named_by_statement_stable_across_runs_and_an_error_is_Npgsqls_transient_exception()
    {
        var (_, source) = await StartAsync();
        await using var _ = source;
        async Task Body(CancellationToken ct)
        {
            var order = NewOrder();
            await using var connection = await source.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(Insert, new { order });
            Assert.Equal(1L, await connection.QuerySingleAsync<long>(Count, new { order }));
        }

        var first = await FaultExplorer.ExploreAsync(Body, Options(FaultKind.Error));
        var second = await FaultExplorer.ExploreAsync(Body, Options(FaultKind.Error));

        Assert.Equal(["payments → payments-db INSERT charges #1", "payments → payments-db SELECT charges #1"], first.Baseline.Calls.Select(c => c.Site.ToString()));
        Assert.Equal(first.Baseline.Calls.Select(c => c.Site.Id), second.Baseline.Calls.Select(c => c.Site.Id));
        Assert.Equal(Verdict.Failed, first.Verdict);
        var error = Assert.IsType<NpgsqlException>(first.FailingRun!.Failure);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task A_retried_insert_is_the_next_ordinal_and_a_delayed_one_commits_times_out_and_charges_twice()
    {
        var (ledger, source) = await StartAsync();
        await using var _ = source;
        var orders = new List<string>();
        var result = await FaultExplorer.ExploreAsync(async ct =>
        {
            var order = NewOrder();
            lock (orders)
            {
                orders.Add(order);
            }

            await ChargeAsync(source, order);
            Assert.Equal(1, await ledger.CountAsync(order));
        }, Options(FaultKind.Error | FaultKind.Delay));

        Assert.Equal(Verdict.Failed, result.Verdict);
        var fault = Assert.Single(result.FailingFaultSet!);
        Assert.Equal(("INSERT charges", 1, FaultKind.Delay), (fault.Operation, fault.Ordinal, fault.Kind));
        Assert.Contains(result.CallSites, s => s.Operation == "INSERT charges" && s.Ordinal == 2); // the retry after an Error
        Assert.True(result.FailingRun!.VirtualDuration >= TimeSpan.FromSeconds(5), result.FailingRun.VirtualDuration.ToString()); // the command timeout, on the run's clock
        Assert.Contains(orders, o => ledger.CountAsync(o).GetAwaiter().GetResult() == 2);
    }

    [Fact]
    public async Task A_synchronous_command_is_held_by_a_delay_until_its_timeout_without_holding_the_clock()
    {
        var (ledger, source) = await StartAsync();
        await using var _ = source;
        var result = await FaultExplorer.ExploreAsync(ct =>
        {
            using var connection = source.OpenConnection();
            connection.Execute(Insert, new { order = NewOrder() }, commandTimeout: 5);
            return Task.CompletedTask;
        }, Options(FaultKind.Delay));

        Assert.Equal(Verdict.Failed, result.Verdict);
        var timeout = Assert.IsType<NpgsqlException>(result.FailingRun!.Failure);
        Assert.IsType<TimeoutException>(timeout.InnerException);
        Assert.True(result.FailingRun.VirtualDuration >= TimeSpan.FromSeconds(5));
        Assert.True(await ledger.CountAsync() >= 1); // the held insert committed
    }

    [Fact]
    public async Task A_fault_inside_a_transaction_leaves_nothing_uncommitted_and_no_connection_idle_in_transaction()
    {
        var (ledger, source) = await StartAsync();
        await using var _ = source;
        var faulted = new List<string>();
        var result = await FaultExplorer.ExploreAsync(async ct =>
        {
            var order = NewOrder();
            await using var connection = await source.OpenConnectionAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            try
            {
                await connection.ExecuteAsync(Insert, new { order }, tx, commandTimeout: 5);
                await connection.ExecuteAsync(Insert, new { order }, tx, commandTimeout: 5);
                await tx.CommitAsync(ct);
            }
            catch (NpgsqlException)
            {
                lock (faulted)
                {
                    faulted.Add(order); // no explicit rollback: disposing the transaction must be enough
                }
            }
        }, Options(FaultKind.Error | FaultKind.Delay));

        Assert.Equal(Verdict.Tolerant, result.Verdict);
        Assert.NotEmpty(faulted);
        foreach (var order in faulted)
        {
            Assert.Equal(0, await ledger.CountAsync(order));
        }

        await using var check = new NpgsqlConnection(ledger.ConnectionString);
        Assert.Equal(0L, await check.QuerySingleAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'"));
    }

    [Fact]
    public async Task Outside_an_experiment_commands_pass_through_and_parallel_explorations_never_see_each_others_faults()
    {
        var (a, sourceA) = await StartAsync("a-db");
        var (_, sourceB) = await StartAsync("b-db");
        await using var disposeA = sourceA;
        await using var disposeB = sourceB;
        using var stop = new CancellationTokenSource();
        var untouched = Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var order = NewOrder();
                await ChargeAsync(sourceA, order); // outside any experiment: never faulted
                Assert.Equal(1, await a.CountAsync(order));
                n++;
            }

            return n;
        });

        var results = await Task.WhenAll(
            FaultExplorer.ExploreAsync(_ => ChargeAsync(sourceA, NewOrder()), Options(FaultKind.Error)),
            FaultExplorer.ExploreAsync(_ => ChargeAsync(sourceB, NewOrder()), Options(FaultKind.Error)));
        await stop.CancelAsync();

        Assert.True(await untouched > 0);
        Assert.All(results[0].Runs.SelectMany(r => r.AllCalls), c => Assert.Equal("a-db", c.Site.Callee));
        Assert.All(results[1].Runs.SelectMany(r => r.AllCalls), c => Assert.Equal("b-db", c.Site.Callee));
        Assert.All(results, r =>
        {
            Assert.Equal(Verdict.Tolerant, r.Verdict); // one Error is retried
            Assert.Contains(r.Runs, run => run.Injected.Count == 1);
        });
    }
}
