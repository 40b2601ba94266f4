using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ldfi.Testing.Tests.Differential;
using Ldfi.Testing.Tests.Scenarios;

namespace Ldfi.Testing.Benchmarks;

/// <summary>
/// What seeing real timers costs (docs/virtual-time.md, "Real timers"): the census's own overhead on warm explorations
/// (the runtime's timer events on and off, interleaved), the cost of one timer event, and the real-timer variants of the
/// catalog and the differential corpus against the variant whose timeouts are on the clock.
/// </summary>
internal static class RealTimerBenchmark
{
    private const int Rounds = 5;

    public static async Task<string> RunAsync()
    {
        var text = new StringBuilder();
        text.AppendLine("## Real timers").AppendLine();
        EventCost(text);
        await CensusCostAsync(text);
        await VariantsAsync(text);
        return text.ToString();
    }

    private static async Task CensusCostAsync(StringBuilder text)
    {
        text.AppendLine($"Warm explorations with the census on and paused (its listener ignoring the runtime's timer events, which keep coming: their dispatch is measured below), interleaved, median of {Rounds} rounds after a warm-up round; load average at the start {Machine.LoadAverage()}.").AppendLine()
            .AppendLine("| flow | census | verdict | experiments | wall ms | timer events seen / put on a clock |")
            .AppendLine("| --- | --- | --- | ---: | ---: | ---: |");
        await using (var shop = Shop.Testing.ShopMesh.Create())
        {
            await ExplorationBenchmark.StartAsync(shop);
            await Shop.Testing.SharedShop.WarmUpAsync(shop);
            var flows = new ShopFlows(shop);
            await CompareAsync(text, "shop product page", flows.ProductPageDegradesGracefully, 2, FaultKind.All);
            await CompareAsync(text, "shop checkout (demo)", flows.CheckoutChargesAtMostOnce, 2, FaultKind.All);
        }

        await using (var streaming = StreamingHome.CreateMesh())
        {
            await ExplorationBenchmark.StartAsync(streaming);
            await StreamingHome.WarmUpAsync(streaming);
            await CompareAsync(text, "streaming home page", new StreamingHome(streaming).HomePageRendersAsync, 3, StreamingHome.Faults);
        }

        text.AppendLine().AppendLine("Paused, the product page's recommendations timeout (a `CancelAfter` in the gateway) is invisible: a Delay on recommendations then waits for the client's default 100 s `HttpClient.Timeout` on the clock instead of its 500 ms, with the same verdict.").AppendLine();
    }

    private static async Task CompareAsync(StringBuilder text, string flow, Func<CancellationToken, Task> body, int maxFaults, FaultKind faults)
    {
        var times = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
        var results = new Dictionary<bool, ExplorationResult>();
        var events = new Dictionary<bool, (long Seen, long Adopted)>();
        for (var round = 0; round <= Rounds; round++)
        {
            foreach (var on in new[] { true, false })
            {
                TimerCensus.Pause(!on);
                var before = TimerCensus.Counts;
                var watch = Stopwatch.StartNew();
                var result = await FaultExplorer.ExploreAsync(body, new ExplorationOptions { MaxFaults = maxFaults, Faults = faults, MaxExperiments = 5000 });
                watch.Stop();
                var after = TimerCensus.Counts;
                TimerCensus.Pause(false);
                if (round > 0)
                {
                    times[on].Add(watch.Elapsed.TotalMilliseconds);
                    results[on] = result;
                    events[on] = (after.Seen - before.Seen, after.Adopted - before.Adopted);
                }
            }
        }

        foreach (var on in new[] { true, false })
        {
            var r = results[on];
            text.AppendLine(CultureInfo.InvariantCulture, $"| {flow} | {(on ? "on" : "paused")} | {r.Verdict} | {r.Experiments} | {Median(times[on]):0.0} | {events[on].Seen} / {events[on].Adopted} |");
        }
    }

    // One CancelAfter armed and disposed outside any experiment: the runtime's event the census receives for every timer
    // of the process, before the census exists (no listener) and after it started (the listener filtering it out).
    private static void EventCost(StringBuilder text)
    {
        const int Timers = 200_000;
        var before = TimerCensus.Started ? (double?)null : Loop();
        TimerCensus.Start();
        var after = Loop();
        text.AppendLine(CultureInfo.InvariantCulture, $"One `CancelAfter` armed and disposed outside experiments: {(before is { } b ? $"{b:0} ns before the census started (no listener), " : string.Empty)}{after:0} ns with the census listening (median of {Rounds} rounds of {Timers:N0}).").AppendLine();

        static double Loop()
        {
            var ns = new List<double>();
            for (var round = 0; round <= Rounds; round++)
            {
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < Timers; i++)
                {
                    using var cts = new CancellationTokenSource();
                    cts.CancelAfter(60_000);
                }

                if (round > 0)
                {
                    ns.Add(watch.Elapsed.TotalMilliseconds * 1e6 / Timers);
                }
            }

            return Median(ns);
        }
    }

    private static async Task VariantsAsync(StringBuilder text)
    {
        SimTimeouts[] variants = [SimTimeouts.Modelled, SimTimeouts.Virtual, SimTimeouts.CancelAfter, SimTimeouts.TaskDelay];
        var systems = RandomSystem.Corpus(DifferentialRun.Systems).Where((_, i) => i % 10 == 0).ToArray();
        var corpora = new (string Name, Func<Task<string>> Explore)[]
        {
            ("catalog deep-redundant (349 experiments)", async () => SystemComparison.Outcome(await FaultExplorer.ExploreAsync(Catalog.Get("deep-redundant").Test, Catalog.Options(findAll: true)))),
            ($"{systems.Length} differential systems", async () =>
            {
                var outcomes = new StringBuilder();
                foreach (var system in systems)
                {
                    outcomes.Append(SystemComparison.Outcome(await FaultExplorer.ExploreAsync(system.Test, system.Options(ExplorationStrategy.Exact, findAll: true))));
                }

                return outcomes.ToString();
            }),
        };

        text.AppendLine($"Every caller's timeout a modelled one (no timer), a timer on the clock, a `CancelAfter` or a `Task.Delay` race (both real timers, {Sim.TimerTimeout.TotalMilliseconds:0} ms): wall ms, median of {Rounds} rounds, the variants interleaved; the ratio is to the variant on the clock.").AppendLine()
            .AppendLine("| corpus | " + string.Join(" | ", variants) + " | same answers |")
            .AppendLine("| --- | " + string.Join(" | ", variants.Select(_ => "---:")) + " | --- |");
        foreach (var (name, explore) in corpora)
        {
            var times = variants.ToDictionary(v => v, _ => new List<double>());
            var outcomes = new HashSet<string>(StringComparer.Ordinal);
            for (var round = 0; round <= Rounds; round++)
            {
                foreach (var variant in variants)
                {
                    using (Sim.TimeoutsAs(variant))
                    {
                        var watch = Stopwatch.StartNew();
                        outcomes.Add(await explore());
                        if (round > 0)
                        {
                            times[variant].Add(watch.Elapsed.TotalMilliseconds);
                        }
                    }
                }
            }

            var onClock = Median(times[SimTimeouts.Virtual]);
            var cells = string.Join(" | ", variants.Select(v => string.Create(CultureInfo.InvariantCulture, $"{Median(times[v]):0} ({Median(times[v]) / onClock:0.00}×)")));
            text.AppendLine($"| {name} | {cells} | {(outcomes.Count == 1 ? "yes" : "NO")} |");
        }

        text.AppendLine();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
