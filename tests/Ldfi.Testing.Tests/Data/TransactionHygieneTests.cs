using System.Collections.Concurrent;
using Ldfi.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace Ldfi.Testing.Tests.Data;

[Collection(PostgresCollection.Name)]
public class TransactionHygieneTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_fault_inside_an_explicit_transaction_leaves_nothing_uncommitted_and_the_pooled_connection_usable()
    {
        var ledger = await Ledger.CreateAsync(postgres.Server);
        var faulted = new ConcurrentBag<string>();
        var committed = new ConcurrentBag<string>();
        var result = await FaultExplorer.ExploreAsync(async ct =>
        {
            var order = "ord-" + Guid.NewGuid().ToString("N")[..8];
            await using var db = ledger.Context();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                db.Charges.Add(new ChargeRow { OrderId = order, Amount = 1 });
                await db.SaveChangesAsync(ct);
                db.Charges.Add(new ChargeRow { OrderId = order, Amount = 2 });
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                committed.Add(order);
            }
            catch (Exception ex) when (Ledger.Chain(ex).Any(e => e is DbUpdateException))
            {
                faulted.Add(order); // no explicit rollback: disposing the transaction and context must be enough
            }
        }, new ExplorationOptions { MaxFaults = 1, Faults = FaultKind.Error | FaultKind.Delay });

        Assert.Equal(Verdict.Tolerant, result.Verdict);
        Assert.NotEmpty(faulted);
        foreach (var order in faulted)
        {
            Assert.Equal(0, await ledger.CountAsync(order)); // the first insert ran (under a Delay even to completion) but never leaked
        }

        foreach (var order in committed)
        {
            Assert.Equal(2, await ledger.CountAsync(order));
        }

        // The pool's connections are back and none is left inside a transaction.
        await using var connection = new NpgsqlConnection(ledger.ConnectionString);
        await connection.OpenAsync();
        await using var idle = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'", connection);
        Assert.Equal(0L, (long)(await idle.ExecuteScalarAsync())!);
        await using var db = ledger.Context(boundary: false);
        Assert.Equal(committed.Count * 2, await db.Charges.CountAsync());
    }
}
