using Ldfi.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Ldfi.Testing.Tests.Data;

public sealed class ChargeRow
{
    public long Id { get; set; }

    public string OrderId { get; set; } = string.Empty;

    public decimal Amount { get; set; }
}

public sealed class LedgerContext(DbContextOptions<LedgerContext> options) : DbContext(options)
{
    public DbSet<ChargeRow> Charges => Set<ChargeRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<ChargeRow>().ToTable("charges");
}

/// <summary>A fresh database with the charges table, and contexts on it with or without the boundary.</summary>
public sealed class Ledger(string connectionString, string database = "payments-db")
{
    public string ConnectionString { get; } = connectionString;

    public static async Task<Ledger> CreateAsync(PostgresServer server, string database = "payments-db")
    {
        var ledger = new Ledger(await server.CreateDatabaseAsync("ledger"), database);
        await using var db = ledger.Context(boundary: false);
        await db.Database.EnsureCreatedAsync();
        return ledger;
    }

    public LedgerContext Context(bool boundary = true, bool retry = false)
    {
        var builder = new DbContextOptionsBuilder<LedgerContext>()
            .UseNpgsql(ConnectionString, o =>
            {
                if (retry)
                {
                    o.EnableRetryOnFailure();
                }
            });
        if (boundary)
        {
            builder.AddFaultInjection("payments", database);
        }

        return new LedgerContext(builder.Options);
    }

    public async Task<long> CountAsync(string? orderId = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(orderId is null ? "SELECT count(*) FROM charges" : "SELECT count(*) FROM charges WHERE \"OrderId\" = $1", connection);
        if (orderId is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = orderId });
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static IEnumerable<Exception> Chain(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            yield return exception;
        }
    }

    public async Task ChargeAsync(string orderId, CancellationToken ct, bool retry = false)
    {
        await using var db = Context(retry: retry);
        db.Charges.Add(new ChargeRow { OrderId = orderId, Amount = 10 });
        await db.SaveChangesAsync(ct);
    }
}
