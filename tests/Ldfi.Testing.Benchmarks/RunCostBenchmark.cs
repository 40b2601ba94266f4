using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ldfi.Testing.Hosting;

namespace Ldfi.Testing.Benchmarks;

/// <summary>
/// What one run costs in steady state, where the exploration table's ratio comes from: the plain body outside any
/// experiment, the same body as an experiment with no fault, with one Error and with one Delay (the first call site),
/// each after enough runs for the JIT to have finished with it. The gap between the first two is the tool's own cost
/// per run (recording, transit accounting, the clock, a fresh instance per experiment of each stateful resilience pipeline).
/// </summary>
internal static class RunCostBenchmark
{
    private const int WarmUpRuns = 1500;

    private const int MeasuredRuns = 1000;

    public static async Task<string> RunAsync()
    {
        var rows = new List<string>();
        await using (var shop = Shop.Testing.ShopMesh.Create())
        {
            await ExplorationBenchmark.StartAsync(shop);
            await Shop.Testing.SharedShop.WarmUpAsync(shop);
            rows.AddRange(await MeasureAsync("shop product page", new ShopFlows(shop).ProductPageDegradesGracefully));
        }

        await using (var alone = ApplicationAlone.CreateShop())
        {
            await ExplorationBenchmark.StartAsync(alone);
            await Shop.Testing.SharedShop.WarmUpAsync(alone);
            using var gateway = alone.CreateClient("gateway");
            rows.AddRange(await MeasureAloneAsync("shop product page", _ => ApplicationAlone.ProductPageAsync(gateway)));
        }

        await using (var streaming = StreamingHome.CreateMesh())
        {
            await ExplorationBenchmark.StartAsync(streaming);
            await StreamingHome.WarmUpAsync(streaming);
            rows.AddRange(await MeasureAsync("streaming home page", new StreamingHome(streaming).HomePageRendersAsync));
        }

        var text = new StringBuilder();
        text.AppendLine("## What one run costs").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Each kind of run repeated {WarmUpRuns:N0} times to warm up, then timed over {MeasuredRuns:N0} more (mean wall time per run, and the process's CPU time per run). *Plain*: the body outside any experiment. *Experiment*: `RunExecutor` with virtual time, as an exploration runs it. The fault is on the flow's first call site. *Application alone*: the same body and faults without the tool (see \"The application's own cost\"), against its own plain run.").AppendLine()
            .AppendLine("| flow | run | calls | wall ms | CPU ms | × plain |")
            .AppendLine("| --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var row in rows)
        {
            text.AppendLine(row);
        }

        return text.AppendLine().ToString();
    }

    // The same runs without the tool (ApplicationAlone): the faults injected by hand on the same first call site.
    private static async Task<List<string>> MeasureAloneAsync(string flow, Func<CancellationToken, Task> body)
    {
        var site = new CallSite(null, "gateway", "inventory", "GET /products/{id}", 1);
        var kinds = new (string Name, FaultSet Faults)[]
        {
            ("application alone, no fault", FaultSet.Empty),
            ($"application alone, Error on {site}", new FaultSet([new Fault(site, FaultKind.Error)])),
            ($"application alone, Delay on {site}", new FaultSet([new Fault(site, FaultKind.Delay)])),
        };
        return await MeasureKindsAsync(flow, kinds.Select(k => (k.Name, (Func<Task<int>>)(async () =>
        {
            HandFaults.Arm(k.Faults);
            await body(CancellationToken.None);
            return HandFaults.Calls;
        }))).ToArray());
    }

    private static async Task<List<string>> MeasureAsync(string flow, Func<CancellationToken, Task> body)
    {
        var executor = new RunExecutor(body, new ExplorationOptions());
        var baseline = await executor.ExecuteAsync(FaultSet.Empty, RunKind.Experiment, 1, CancellationToken.None);
        var site = baseline.AllCalls[0].Site;
        var kinds = new (string Name, Func<Task<int>> Run)[]
        {
            ("plain", async () => { await body(CancellationToken.None); return baseline.AllCalls.Count; }),
            ("experiment, no fault", async () => (await executor.ExecuteAsync(FaultSet.Empty, RunKind.Experiment, 1, CancellationToken.None)).AllCalls.Count),
            ($"experiment, Error on {site}", async () => (await executor.ExecuteAsync(new FaultSet([new Fault(site, FaultKind.Error)]), RunKind.Experiment, 1, CancellationToken.None)).AllCalls.Count),
            ($"experiment, Delay on {site}", async () => (await executor.ExecuteAsync(new FaultSet([new Fault(site, FaultKind.Delay)]), RunKind.Experiment, 1, CancellationToken.None)).AllCalls.Count),
        };
        return await MeasureKindsAsync(flow, kinds);
    }

    private static async Task<List<string>> MeasureKindsAsync(string flow, (string Name, Func<Task<int>> Run)[] kinds)
    {
        var rows = new List<string>();
        double? plain = null;
        foreach (var (name, run) in kinds)
        {
            for (var i = 0; i < WarmUpRuns; i++)
            {
                await run();
            }

            var calls = 0;
            var cpu = Environment.CpuUsage.TotalTime;
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < MeasuredRuns; i++)
            {
                calls = await run();
            }

            var wall = watch.Elapsed.TotalMilliseconds / MeasuredRuns;
            var cpuPerRun = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds / MeasuredRuns;
            plain ??= wall;
            Console.WriteLine($"  {flow}, {name}: {wall:0.000} ms per run, CPU {cpuPerRun:0.000} ms");
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"| {flow} | {name} | {calls} | {wall:N3} | {cpuPerRun:N3} | {wall / plain.Value:N1} |"));
        }

        return rows;
    }
}
