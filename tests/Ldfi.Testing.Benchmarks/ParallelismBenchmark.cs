using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Ldfi.Testing.Benchmarks;

/// <summary>
/// Where the default of <see cref="ExplorationOptions.Parallelism"/> comes from: each flow's warm exploration at several
/// parallelisms, the settings interleaved round by round so that the machine's drift spreads over all of them.
/// </summary>
internal static class ParallelismBenchmark
{
    private const int Rounds = 5;

    private static readonly int[] Settings = [1, 2, 4, 6, 8, 12, 16];

    public static async Task<string> RunAsync()
    {
        var rows = new List<string>();
        await using (var shop = Shop.Testing.ShopMesh.Create())
        {
            await ExplorationBenchmark.StartAsync(shop);
            await Shop.Testing.SharedShop.WarmUpAsync(shop);
            var flows = new ShopFlows(shop);
            rows.Add(await MeasureAsync("shop product page", flows.ProductPageDegradesGracefully, 2, FaultKind.All));
            rows.Add(await MeasureAsync("shop checkout (demo)", flows.CheckoutChargesAtMostOnce, 2, FaultKind.All));
        }

        await using (var streaming = StreamingHome.CreateMesh())
        {
            await ExplorationBenchmark.StartAsync(streaming);
            await StreamingHome.WarmUpAsync(streaming);
            rows.Add(await MeasureAsync("streaming home page", new StreamingHome(streaming).HomePageRendersAsync, 3, StreamingHome.Faults));
        }

        var text = new StringBuilder();
        text.AppendLine("## Parallelism").AppendLine()
            .AppendLine($"Wall milliseconds of a warm exploration per `Parallelism`, median of {Rounds} rounds (the settings interleaved within each round, after one warm-up round), on {Environment.ProcessorCount} cores; load average at the end {Machine.LoadAverage()}. The default is {ExplorationDefaults.Parallelism}.").AppendLine()
            .AppendLine("| flow | experiments | " + string.Join(" | ", Settings.Select(p => $"×{p}")) + " |")
            .AppendLine("| --- | ---: | " + string.Join(" | ", Settings.Select(_ => "---:")) + " |");
        foreach (var row in rows)
        {
            text.AppendLine(row);
        }

        return text.AppendLine().ToString();
    }

    private static async Task<string> MeasureAsync(string flow, Func<CancellationToken, Task> body, int maxFaults, FaultKind faults)
    {
        var times = Settings.ToDictionary(p => p, _ => new List<double>());
        var experiments = 0;
        for (var round = 0; round <= Rounds; round++)
        {
            foreach (var parallelism in Settings)
            {
                var options = new ExplorationOptions { MaxFaults = maxFaults, Faults = faults, MaxExperiments = 5000, Parallelism = parallelism };
                var watch = Stopwatch.StartNew();
                var result = await FaultExplorer.ExploreAsync(body, options);
                if (round > 0)
                {
                    times[parallelism].Add(watch.Elapsed.TotalMilliseconds);
                }

                experiments = result.Experiments;
            }
        }

        var medians = Settings.Select(p => times[p].Order().ElementAt(times[p].Count / 2)).ToList();
        Console.WriteLine($"  {flow}: " + string.Join(", ", Settings.Zip(medians, (p, m) => $"×{p} {m:0.0} ms")));
        return string.Create(CultureInfo.InvariantCulture, $"| {flow} | {experiments:N0} | {string.Join(" | ", medians.Select(m => m.ToString("N1", CultureInfo.InvariantCulture)))} |");
    }
}
