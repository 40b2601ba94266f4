using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Grpc.Net.Client;
using Ldfi.Testing.Hosting;
using Ldfi.Testing.Tests.Grpc;

namespace Ldfi.Testing.Benchmarks;

/// <summary>
/// The gRPC boundary (<c>--only grpc</c>): a unary call through <see cref="FaultInjectionHandler"/> with no experiment
/// running against the same call without it (per-call median and allocations), and the wall time of the Shop's gRPC
/// explorations (Shop.GrpcTests' two flows, bodies repeated here without xUnit).
/// </summary>
internal static class GrpcBenchmark
{
    private const int Calls = 2000;

    public static async Task<string> RunAsync()
    {
        var text = new StringBuilder("## gRPC boundary\n\n");
        await using (var ledger = await LedgerServer.StartAsync())
        {
            var plain = new Ledger.LedgerClient(GrpcChannel.ForAddress("http://ledger", new GrpcChannelOptions { HttpHandler = ledger.Server.CreateHandler() }));
            var handled = ledger.CreateTestClient("bench");
            await MeasureAsync(plain, 200);
            await MeasureAsync(handled, 200);

            // Alternate blocks, so drift in the machine's load hits both alike.
            var a = new List<double>();
            var b = new List<double>();
            long bytesA = 0, bytesB = 0;
            for (var block = 0; block < 4; block++)
            {
                var (ta, ba) = await MeasureAsync(plain, Calls / 4);
                var (tb, bb) = await MeasureAsync(handled, Calls / 4);
                a.AddRange(ta);
                b.AddRange(tb);
                bytesA += ba;
                bytesB += bb;
            }

            text.Append("A unary `ledger.Ledger/Add` from Grpc.Net.Client to a Grpc.AspNetCore server on TestServer, no experiment running, ")
                .Append(Calls).Append(" calls each, in alternating blocks. Allocations are the whole process's (client and in-process server) per call.\n\n")
                .Append("| channel | median µs | p90 µs | allocated bytes per call |\n| --- | ---: | ---: | ---: |\n")
                .Append($"| without the handler | {Median(a):0} | {Percentile(a, 0.9):0} | {bytesA / Calls:N0} |\n")
                .Append($"| with `FaultInjectionHandler` | {Median(b):0} | {Percentile(b, 0.9):0} | {bytesB / Calls:N0} |\n\n");
        }

        await using var shop = new ServiceMesh().Add<Shop.Gateway.GatewayService>("gateway").Add<Shop.Loyalty.LoyaltyService>("loyalty");
        await ExplorationBenchmark.StartAsync(shop);
        var points = (Shop.Loyalty.PointsLedger)shop.GetServices("loyalty").GetService(typeof(Shop.Loyalty.PointsLedger))!;
        using var gateway = shop.CreateClient("gateway");
        await AwardOnceAsync(gateway, points, CancellationToken.None);
        await PageAsync(gateway, CancellationToken.None);
        text.Append("The Shop's gRPC flows (Shop.GrpcTests), explored with the default options (virtual time, parallelism 4):\n\n")
            .Append("| test | verdict | experiments | call sites | wall time |\n| --- | --- | ---: | ---: | ---: |\n");
        foreach (var (name, body) in new (string, Func<CancellationToken, Task>)[]
        {
            ("loyalty points awarded once (demo)", ct => AwardOnceAsync(gateway, points, ct)),
            ("loyalty page", ct => PageAsync(gateway, ct)),
        })
        {
            var wall = Stopwatch.StartNew();
            var result = await FaultExplorer.ExploreAsync(body, new ExplorationOptions());
            wall.Stop();
            var sites = result.Runs.SelectMany(r => r.AllCalls).Select(c => c.Site.Id).Distinct().Count();
            var verdict = result.Verdict == Verdict.Failed ? $"Failed: {result.FailingFaultSet}" : result.Verdict.ToString();
            Console.WriteLine($"  {name}: {result.Summary}; wall {wall.Elapsed.TotalSeconds:0.00} s");
            text.Append($"| {name} | {verdict} | {result.Experiments} | {sites} | {wall.Elapsed.TotalSeconds:0.00} s |\n");
        }

        return text.Append('\n').ToString();
    }

    private static async Task<(List<double> Micros, long Bytes)> MeasureAsync(Ledger.LedgerClient client, int calls)
    {
        var times = new List<double>(calls);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await client.AddAsync(new AddRequest { Account = "bench", Amount = 1 });
            times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        return (times, GC.GetTotalAllocatedBytes(precise: true) - before);
    }

    private static async Task AwardOnceAsync(HttpClient gateway, Shop.Loyalty.PointsLedger points, CancellationToken ct)
    {
        var customer = $"cust-{Guid.NewGuid():N}";
        using var response = await gateway.PostAsJsonAsync($"loyalty/{customer}/points", new { OrderId = "ord-1", Points = 100 }, ct);
        if (points.AwardsOf(customer).Count > 1)
        {
            throw new InvalidOperationException($"Order ord-1 earned points {points.AwardsOf(customer).Count} times.");
        }
    }

    private static async Task PageAsync(HttpClient gateway, CancellationToken ct)
    {
        using var response = await gateway.GetAsync(new Uri("loyalty/warm-up", UriKind.Relative), ct);
        if (response.StatusCode != HttpStatusCode.OK && !(response.StatusCode == HttpStatusCode.ServiceUnavailable && FaultInjection.Current?.WasInjected("loyalty") == true))
        {
            throw new InvalidOperationException($"The loyalty page answered {(int)response.StatusCode} with no fault on loyalty.");
        }
    }

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Round(p * (sorted.Count - 1)))];
    }
}
