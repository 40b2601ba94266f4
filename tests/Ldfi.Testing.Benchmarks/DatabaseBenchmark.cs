using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using Ldfi.Testing.Hosting;
using Ldfi.Testing.Postgres;
using Ldfi.Testing.Tests.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shop.Contracts;
using Shop.Payments;

namespace Ldfi.Testing.Benchmarks;

/// <summary>
/// The database boundary against a throw-away PostgreSQL: per-command overhead with no experiment active (the same EF Core
/// query with and without the interceptor), and the exploration wall time of examples/Shop/Shop.DatabaseTests.
/// </summary>
internal static class DatabaseBenchmark
{
    private const int Commands = 3000;

    public static async Task<string> RunAsync()
    {
        await using var server = await PostgresServer.StartAsync();
        var ledger = await Ledger.CreateAsync(server);
        var text = new StringBuilder("## Database boundary (EF Core + Npgsql, real PostgreSQL)\n\n")
            .AppendLine(CultureInfo($"No experiment active, {Commands} synchronous `Count()` queries on one context, after a warm-up; median per command and bytes allocated per command on the calling thread."))
            .AppendLine().AppendLine("| context | median per command | allocated per command |").AppendLine("| --- | ---: | ---: |");
        foreach (var boundary in new[] { false, true, false, true })
        {
            var (median, bytes) = Measure(ledger, boundary);
            text.AppendLine(CultureInfo($"| {(boundary ? "with `AddFaultInjection`" : "without")} | {median.TotalMicroseconds:F1} µs | {bytes:F0} B |"));
        }

        text.AppendLine().AppendLine(CultureInfo($"The same with plain ADO.NET: {Commands} synchronous `SELECT count(*) FROM charges` through `ExecuteScalar` on one open connection of an `NpgsqlDataSource`, with and without `WithFaultInjection`."))
            .AppendLine().AppendLine("| data source | median per command | allocated per command |").AppendLine("| --- | ---: | ---: |");
        foreach (var boundary in new[] { false, true, false, true })
        {
            var (median, bytes) = MeasureAdoNet(ledger, boundary);
            text.AppendLine(CultureInfo($"| {(boundary ? "with `WithFaultInjection`" : "without")} | {median.TotalMicroseconds:F1} µs | {bytes:F0} B |"));
        }

        await using var mesh = new ServiceMesh().Add<PaymentsService>(
            "payments",
            services => services.ConfigureDbContext<ChargesDb>(o => o.AddFaultInjection("payments", "payments-db")),
            new Dictionary<string, string?> { ["ConnectionStrings:payments-db"] = await server.CreateDatabaseAsync("payments") });
        await mesh.StartAsync();
        text.AppendLine().AppendLine("| Shop.DatabaseTests flow | verdict | experiments | wall time |").AppendLine("| --- | --- | ---: | ---: |");
        foreach (var (name, body) in Flows(mesh))
        {
            var watch = Stopwatch.StartNew();
            var result = await FaultExplorer.ExploreAsync(body, new ExplorationOptions { MaxFaults = 2 });
            text.AppendLine(CultureInfo($"| {name} | {result.Verdict} | {result.Experiments} | {watch.Elapsed.TotalSeconds:F1} s |"));
        }

        return text.AppendLine().ToString();
    }

    private static (TimeSpan Median, double Bytes) Measure(Ledger ledger, bool boundary)
    {
        using var db = ledger.Context(boundary);
        for (var i = 0; i < 200; i++)
        {
            _ = db.Charges.Count();
        }

        var times = new double[Commands];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Commands; i++)
        {
            var start = Stopwatch.GetTimestamp();
            _ = db.Charges.Count();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Commands;
        Array.Sort(times);
        return (TimeSpan.FromMicroseconds(times[Commands / 2]), bytes);
    }

    private static (TimeSpan Median, double Bytes) MeasureAdoNet(Ledger ledger, bool boundary)
    {
        using var plain = Npgsql.NpgsqlDataSource.Create(ledger.ConnectionString);
        var source = boundary ? plain.WithFaultInjection("payments", "payments-db") : plain;
        using var connection = source.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM charges";
        for (var i = 0; i < 200; i++)
        {
            _ = command.ExecuteScalar();
        }

        var times = new double[Commands];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Commands; i++)
        {
            var start = Stopwatch.GetTimestamp();
            _ = command.ExecuteScalar();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Commands;
        Array.Sort(times);
        return (TimeSpan.FromMicroseconds(times[Commands / 2]), bytes);
    }

    private static IEnumerable<(string Name, Func<CancellationToken, Task> Body)> Flows(ServiceMesh mesh)
    {
        yield return ("charge at most once (finds the double charge)", async ct =>
        {
            using var payments = mesh.CreateClient("payments");
            var customer = $"cust-{Guid.NewGuid():N}";
            using var response = await payments.PostAsJsonAsync("charges", new ChargeRequest(customer, "ord-1", 25m, "EUR"), ct);
            var charges = (await payments.GetFromJsonAsync<List<Charge>>($"charges?customerId={customer}", ct))!;
            Assertions.True(charges.Count <= 1, $"charged {charges.Count} times");
        });
        yield return ("list charges (tolerant)", async ct =>
        {
            using var payments = mesh.CreateClient("payments");
            var charges = await payments.GetFromJsonAsync<List<Charge>>($"charges?customerId=cust-{Guid.NewGuid():N}", ct);
            Assertions.True(charges is { Count: 0 }, "unexpected charges");
        });
    }

    private static string CultureInfo(FormattableString text) => FormattableString.Invariant(text);
}
