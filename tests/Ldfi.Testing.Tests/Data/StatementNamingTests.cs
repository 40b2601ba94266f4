using Dapper;
using Ldfi.Testing.Postgres;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace Ldfi.Testing.Tests.Data;

public sealed class OrderRow
{
    public long Id { get; set; }

    public string Customer { get; set; } = string.Empty;

    public List<OrderItemRow> Items { get; set; } = [];
}

public sealed class OrderItemRow
{
    public long Id { get; set; }

    public long OrderId { get; set; }

    public decimal Price { get; set; }
}

public sealed class OrdersContext(DbContextOptions<OrdersContext> options) : DbContext(options)
{
    public DbSet<OrderRow> Orders => Set<OrderRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OrderRow>().ToTable("orders").HasMany(o => o.Items).WithOne().HasForeignKey(i => i.OrderId);
        modelBuilder.Entity<OrderItemRow>().ToTable("orderItems");
    }
}

/// <summary>
/// Names of EF Core's and Dapper's real SQL on PostgreSQL: the outermost target table, and a fingerprint only where two
/// different statements under one parent would still share a name (docs/databases.md, Naming).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StatementNamingTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly ExplorationOptions Errors = new() { MaxFaults = 1, Faults = FaultKind.Error };
    private string connectionString = string.Empty;
    private long order;

    public async Task InitializeAsync()
    {
        connectionString = await postgres.Server.CreateDatabaseAsync("orders");
        await using var db = Context(boundary: false);
        await db.Database.EnsureCreatedAsync();
        var row = new OrderRow { Customer = "ada", Items = [new() { Price = 3 }, new() { Price = 4 }] };
        db.Orders.Add(row);
        await db.SaveChangesAsync();
        order = row.Id;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private OrdersContext Context(bool boundary = true)
    {
        var builder = new DbContextOptionsBuilder<OrdersContext>().UseNpgsql(connectionString);
        if (boundary)
        {
            builder.AddFaultInjection("orders", "orders-db");
        }

        return new OrdersContext(builder.Options);
    }

    // In the order the statements began (AllCalls is ordered by signature).
    private static string[] Names(ExplorationResult result) => [.. result.Baseline.AllCalls.OrderBy(c => c.Began).Select(c => c.Site.ToString())];

    [Fact]
    public async Task Include_projection_and_a_plain_query_on_one_table_are_each_named_after_orders_told_apart_by_a_fingerprint()
    {
        var sql = new List<string>();
        async Task Body(CancellationToken ct)
        {
            await using var db = Context();
            var included = await db.Orders.Include(o => o.Items).FirstAsync(o => o.Id == order, ct);
            var totals = await db.Orders.Where(o => o.Customer == "ada").Select(o => new { o.Id, Total = o.Items.Sum(i => i.Price) }).ToListAsync(ct);
            var plain = await db.Orders.CountAsync(o => o.Customer == "ada", ct);
            Assert.Equal(2, included.Items.Count);
            Assert.Equal(7m, Assert.Single(totals).Total);
            Assert.Equal(1, plain);
        }

        await using (var db = Context(boundary: false))
        {
            sql.Add(db.Orders.Include(o => o.Items).Where(o => o.Id == order).Take(1).ToQueryString());
            sql.Add(db.Orders.Where(o => o.Customer == "ada").Select(o => new { o.Id, Total = o.Items.Sum(i => i.Price) }).ToQueryString());
        }

        // EF Core's shapes: a derived table with LIMIT joined to the items, and a scalar subquery on the items in the select list.
        Assert.Contains("LIMIT", sql[0], StringComparison.Ordinal);
        Assert.Contains("FROM (", sql[0], StringComparison.Ordinal);
        Assert.Contains("FROM \"orderItems\"", sql[1], StringComparison.Ordinal);

        var first = await FaultExplorer.ExploreAsync(Body, Errors);
        var second = await FaultExplorer.ExploreAsync(Body, Errors);

        var names = Names(first);
        Assert.Equal(3, names.Length);
        Assert.Equal("orders → orders-db SELECT orders #1", names[0]);
        Assert.Matches("^orders → orders-db SELECT orders ~[0-9a-f]{4} #1$", names[1]);
        Assert.Matches("^orders → orders-db SELECT orders ~[0-9a-f]{4} #1$", names[2]);
        Assert.Equal(3, names.Distinct().Count());
        Assert.Equal(names, Names(second));

        // Every experiment names each statement as the baseline did, whichever came before it.
        Assert.All(first.Runs, r => Assert.Subset(first.Baseline.AllCalls.Select(c => c.Site.Id).ToHashSet(), r.AllCalls.Select(c => c.Site.Id).ToHashSet()));
        Assert.Equal(first.FailingFaultSet!.Select(f => f.Site.Id), second.FailingFaultSet!.Select(f => f.Site.Id));
    }

    [Fact]
    public async Task A_split_query_is_two_statements_on_orders_the_second_told_apart_and_a_statement_keeps_its_name_when_an_earlier_one_fails()
    {
        async Task Body(CancellationToken ct)
        {
            await using var db = Context();
            try
            {
                await db.Orders.CountAsync(ct);
            }
            catch (InvalidOperationException)
            {
                // Tolerated: the count is only for a log line.
            }

            var split = await db.Orders.Include(o => o.Items).AsSplitQuery().OrderBy(o => o.Id).ToListAsync(ct);
            Assert.Equal(2, split.Single(o => o.Id == order).Items.Count);
        }

        var result = await FaultExplorer.ExploreAsync(Body, Errors);

        var names = Names(result);
        Assert.Equal(3, names.Length);
        Assert.Equal("orders → orders-db SELECT orders #1", names[0]);
        Assert.All(names[1..], n => Assert.Matches("^orders → orders-db SELECT orders ~[0-9a-f]{4} #1$", n));
        Assert.Equal(3, names.Distinct().Count());

        // Under an Error on the count the split query's statements keep their names: no statement took another's.
        var count = result.Baseline.AllCalls.MinBy(c => c.Began)!.Site.Id;
        var countFailed = Assert.Single(result.Runs, r => r.Injected.Any(f => f.Site.Id == count));
        Assert.Equal(result.Baseline.AllCalls.Select(c => c.Site.Id), countFailed.AllCalls.Select(c => c.Site.Id));
        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.DoesNotContain(result.FailingFaultSet!, f => f.Site.Id == count);
    }

    [Fact]
    public async Task Dapper_statements_on_one_table_share_a_name_only_when_they_are_the_same_statement()
    {
        await using var source = NpgsqlDataSource.Create(connectionString).WithFaultInjection("orders", "orders-db");
        async Task Body(CancellationToken ct)
        {
            await using var connection = await source.OpenConnectionAsync(ct);
            const string ById = "SELECT \"Customer\" FROM orders WHERE \"Id\" = @id";
            Assert.Equal("ada", await connection.QuerySingleAsync<string>(ById, new { id = order }));
            Assert.Equal("ada", await connection.QuerySingleAsync<string>(ById, new { id = order })); // the same statement again: #2
            Assert.Equal(1L, await connection.QuerySingleAsync<long>("SELECT count(*) FROM public.orders WHERE \"Customer\" = @c", new { c = "ada" }));
            Assert.Equal(2L, await connection.QuerySingleAsync<long>("SELECT count(*) FROM \"orderItems\" WHERE \"OrderId\" IN @ids", new { ids = new[] { order } }));
        }

        var result = await FaultExplorer.ExploreAsync(Body, Errors);
        var names = Names(result);
        Assert.Equal("orders → orders-db SELECT orders #1", names[0]);
        Assert.Equal("orders → orders-db SELECT orders #2", names[1]);
        Assert.Matches("^orders → orders-db SELECT orders ~[0-9a-f]{4} #1$", names[2]);
        Assert.Equal("orders → orders-db SELECT orderitems #1", names[3]);
        Assert.Equal(Verdict.Failed, result.Verdict);
    }
}
