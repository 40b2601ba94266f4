using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ldfi.Testing.Tests.Scenarios;

namespace Ldfi.Testing.Benchmarks;

/// <summary>
/// What the parallel checks (a run beside others counts only if it behaved as a lone run would) cost on a warm
/// exploration without shared state: the prediction checks themselves, replayed over every experiment of the
/// exploration against the passing runs before it, and the lone re-runs they caused (failing runs are always re-run).
/// </summary>
internal static class ParallelChecksBenchmark
{
    private const int Rounds = 5;

    public static async Task<string> RunAsync()
    {
        var rows = new List<string>();
        await using (var shop = Shop.Testing.ShopMesh.Create())
        {
            await ExplorationBenchmark.StartAsync(shop);
            await Shop.Testing.SharedShop.WarmUpAsync(shop);
            rows.Add(await MeasureAsync("shop product page", new ShopFlows(shop).ProductPageDegradesGracefully, new ExplorationOptions { MaxFaults = 2 }));
        }

        var deep = Catalog.Options();
        rows.Add(await MeasureAsync("catalog deep-redundant", Catalog.Get("deep-redundant").Test, deep));

        var text = new StringBuilder();
        text.AppendLine("## Parallel checks").AppendLine()
            .AppendLine($"`--only checks` (`ParallelChecksBenchmark.cs`): a warm exploration at `Parallelism` {ExplorationDefaults.Parallelism}, median of {Rounds} rounds after one warm-up, on {Environment.ProcessorCount} cores; load average at the end {Machine.LoadAverage()}. "
                + "*checks* is the CPU time of the lone-run predictions, replayed over every experiment against the passing runs before it; *re-runs* are the runs re-run alone (failing ones always are) and their wall time.").AppendLine()
            .AppendLine("| flow | experiments | exploration ms | checks ms | checks per experiment µs | re-runs | re-run ms | fallbacks |")
            .AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in rows)
        {
            text.AppendLine(row);
        }

        return text.AppendLine().ToString();
    }

    private static async Task<string> MeasureAsync(string flow, Func<CancellationToken, Task> body, ExplorationOptions options)
    {
        var walls = new List<double>();
        var checks = new List<double>();
        var reruns = new List<(int Count, double Ms)>();
        var fallbacks = 0;
        ExplorationResult? result = null;
        for (var round = 0; round <= Rounds; round++)
        {
            options.Parallelism = ExplorationDefaults.Parallelism;
            options.MaxExperiments = 5000;
            var watch = Stopwatch.StartNew();
            result = await FaultExplorer.ExploreAsync(body, options);
            var wall = watch.Elapsed.TotalMilliseconds;
            var check = Checks(result);
            if (round > 0)
            {
                walls.Add(wall);
                checks.Add(check);
                reruns.Add((result.LoneReruns, result.LoneRerunTime.TotalMilliseconds));
                fallbacks += result.ParallelismFallback is null ? 0 : 1;
            }
        }

        var experiments = result!.Experiments;
        var median = (Func<List<double>, double>)(values => values.Order().ElementAt(values.Count / 2));
        var rerun = reruns.OrderBy(r => r.Ms).ElementAt(reruns.Count / 2);
        var checkMs = median(checks);
        Console.WriteLine($"  {flow}: {median(walls):0.0} ms, checks {checkMs:0.00} ms, re-runs {rerun.Count} ({rerun.Ms:0.0} ms), fallbacks {fallbacks}");
        return string.Create(CultureInfo.InvariantCulture, $"| {flow} | {experiments:N0} | {median(walls):N1} | {checkMs:N2} | {checkMs * 1000 / experiments:N1} | {rerun.Count} | {rerun.Ms:N1} | {fallbacks} of {Rounds} |");
    }

    /// <summary>The lone-run prediction of every experiment, against the passing runs before it, in milliseconds.</summary>
    private static double Checks(ExplorationResult result)
    {
        var passing = new Dictionary<string, ExperimentRun>(StringComparer.Ordinal);
        var watch = new Stopwatch();
        foreach (var run in result.Runs)
        {
            if (run.Kind == RunKind.Experiment)
            {
                watch.Start();
                _ = LoneRun.Unexpected(run, passing);
                watch.Stop();
            }

            if (run.Passed && run.Kind is RunKind.Baseline or RunKind.Experiment or RunKind.Replay)
            {
                passing.TryAdd(run.Injected.Key, run);
            }
        }

        return watch.Elapsed.TotalMilliseconds;
    }
}
