using System.Diagnostics;
using System.Text;
using Ldfi.Testing.Proxy;

namespace Ldfi.Testing.Benchmarks;

/// <summary>
/// The fault proxy (<c>--only proxy</c>): the latency a proxied call adds to a real service process
/// (<c>dotnet Shop.Recommendations.dll</c>), outside experiments, as a call site with no fault, and with an injected
/// Status (answered by the proxy). The exploration wall times of the process suite are in docs/processes.md.
/// </summary>
internal static class ProxyBenchmark
{
    private const int Calls = 2000;

    public static async Task<string> RunAsync()
    {
        await using var host = new ProcessHost().Add(ProcessService.DotnetAssembly("recommendations", Path.Combine(AppContext.BaseDirectory, "Shop.Recommendations.dll")));
        await host.StartAsync();
        var proxy = host.Proxies["recommendations"];
        using var direct = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = proxy.Target };
        using var proxied = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = proxy.Address };
        await TimeAsync(direct, 200, null);
        await TimeAsync(proxied, 200, null);

        // Alternate blocks, so drift in the machine's load hits both alike.
        List<double> a = [], b = [], c = [];
        for (var block = 0; block < 4; block++)
        {
            a.AddRange(await TimeAsync(direct, Calls / 4, null));
            b.AddRange(await TimeAsync(proxied, Calls / 4, null));
            await FaultExplorer.ExploreAsync(async _ => c.AddRange(await TimeAsync(proxied, Calls / 4, Baggage())), new ExplorationOptions { MaxExperiments = 1, CheckDeterminism = false });
        }

        // One call per experiment: the baseline's is a call site with no fault, the others get Status 500 or 503.
        List<double> clean = [], faulted = [];
        for (var i = 0; i < 100; i++)
        {
            await FaultExplorer.ExploreAsync(
                async _ => (FaultInjection.Current!.Planned.Count == 0 ? clean : faulted).AddRange(await TimeAsync(proxied, 1, Baggage())),
                new ExplorationOptions { MaxFaults = 1, Faults = FaultKind.Status, CheckDeterminism = false, Parallelism = 1 });
        }

        return new StringBuilder("## Fault proxy\n\n")
            .Append("`GET /recommendations/SKU-1001` to `dotnet Shop.Recommendations.dll` on loopback (HTTP/1.1, keep-alive), ")
            .Append(Calls).Append(" calls each in alternating blocks; in experiments the requests carry `ldfi.experiment` and `ldfi.service` in their baggage, as a service's would.\n\n")
            .Append("| path | median µs | p90 µs |\n| --- | ---: | ---: |\n")
            .Append($"| direct | {Percentile(a, 0.5):0} | {Percentile(a, 0.9):0} |\n")
            .Append($"| through the proxy, outside experiments | {Percentile(b, 0.5):0} | {Percentile(b, 0.9):0} |\n")
            .Append($"| through the proxy, a call site of an experiment, no fault | {Percentile(c, 0.5):0} | {Percentile(c, 0.9):0} |\n")
            .Append($"| the same, one call per experiment ({clean.Count} experiments) | {Percentile(clean, 0.5):0} | {Percentile(clean, 0.9):0} |\n")
            .Append($"| Status injected by the proxy, one call per experiment ({faulted.Count}) | {Percentile(faulted, 0.5):0} | {Percentile(faulted, 0.9):0} |\n\n")
            .ToString();
    }

    private static string Baggage() => $"ldfi.experiment={Ambient.Value!.Run.Id},ldfi.service=bench";

    private static async Task<List<double>> TimeAsync(HttpClient client, int calls, string? baggage)
    {
        var times = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "recommendations/SKU-1001");
            if (baggage is not null)
            {
                request.Headers.Add("baggage", baggage);
            }

            var start = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        return times;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Round(p * (sorted.Count - 1)))];
    }
}
