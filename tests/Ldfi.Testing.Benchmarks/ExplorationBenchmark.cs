using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ldfi.Testing.Hosting;

namespace Ldfi.Testing.Benchmarks;

/// <summary>
/// Whole explorations of in-process ASP.NET Core services (the Shop's two flows and a Netflix-like home page), each
/// measured three ways in the same run: real time sequentially (the "before"), virtual time sequentially, and virtual
/// time with the default parallelism; against the median fault-free run of the same body. Then the real time an
/// exploration takes to report a call with no timeout at all.
/// </summary>
internal static class ExplorationBenchmark
{
    /// <summary>How many times the plain body runs, outside any experiment, for the median fault-free run time.</summary>
    private const int PlainRuns = 50;

    private const int WarmUpRuns = 100;

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    public static async Task<string> RunAsync(bool realTime)
    {
        var rows = new List<Row>();
        var notes = new List<string>();
        var defaultParallelism = new ExplorationOptions().Parallelism;

        await using (var shop = Shop.Testing.ShopMesh.Create())
        {
            await StartAsync(shop);
            await Shop.Testing.SharedShop.WarmUpAsync(shop);
            var flows = new ShopFlows(shop);
            rows.AddRange(await MeasureAsync(new Scenario(
                "shop product page", "Tolerant up to 2 faults", MaxFaults: 2, flows.ProductPageDegradesGracefully,
                r => r.Verdict == Verdict.Tolerant, RealTimeCap: null), defaultParallelism, realTime, notes));
            rows.AddRange(await MeasureAsync(new Scenario(
                "shop checkout (demo)", "Failed: {Delay on orders → payments POST /charges #1}", MaxFaults: 2, flows.CheckoutChargesAtMostOnce,
                r => r.Verdict == Verdict.Failed && r.FailingFaultSet!.ToString() == "{Delay on orders → payments POST /charges #1}", RealTimeCap: null), defaultParallelism, realTime, notes));
        }

        await using (var streaming = StreamingHome.CreateMesh())
        {
            await StartAsync(streaming);
            await StreamingHome.WarmUpAsync(streaming);
            var home = new StreamingHome(streaming);
            rows.AddRange(await MeasureAsync(new Scenario(
                "streaming home page", StreamingHome.Expected, MaxFaults: 3, home.HomePageRendersAsync,
                StreamingHome.Check, RealTimeCap: StreamingHome.RealTimeCap, StreamingHome.Faults), defaultParallelism, realTime, notes));
        }

        var hang = await HangBenchmark.RunAsync(defaultParallelism);
        return Format(rows, notes, hang, defaultParallelism);
    }

    /// <summary>
    /// Starts a mesh from the output folder: WebApplicationFactory looks for MvcTestingAppManifest.json (the services'
    /// content roots) in the current directory, which under <c>dotnet run</c> is wherever the command was typed.
    /// </summary>
    public static async Task StartAsync(ServiceMesh mesh)
    {
        var current = Environment.CurrentDirectory;
        Environment.CurrentDirectory = AppContext.BaseDirectory;
        try
        {
            await mesh.StartAsync();
        }
        finally
        {
            Environment.CurrentDirectory = current;
        }
    }

    private static async Task<List<Row>> MeasureAsync(Scenario scenario, int defaultParallelism, bool realTime, List<string> notes)
    {
        var plain = await PlainRunAsync(scenario.Body);
        Console.WriteLine($"  {scenario.Id}: median fault-free run {plain.TotalMilliseconds:0.0} ms (load average {Machine.LoadAverage()})");
        var rows = new List<Row>();
        // The first exploration of a flow in the process pays for the JIT of every fault path (tier-0 code at first);
        // the fault-free run it is compared with is warm, so the ratios to compare with the targets are the later rows.
        // The real-time run comes last, so its minute of real waits cannot disturb the virtual rows.
        foreach (var mode in realTime ? [Mode.VirtualFirst, Mode.VirtualSequential, Mode.VirtualParallel, Mode.RealSequential] : new[] { Mode.VirtualFirst, Mode.VirtualSequential, Mode.VirtualParallel })
        {
            var options = new ExplorationOptions
            {
                MaxFaults = scenario.MaxFaults,
                Faults = scenario.Faults,
                MaxExperiments = 5000,
                VirtualTime = mode != Mode.RealSequential,
                Parallelism = mode == Mode.VirtualParallel ? defaultParallelism : 1,
            };
            var capped = mode == Mode.RealSequential && scenario.RealTimeCap is { } cap;
            if (capped)
            {
                options.MaxExperiments = scenario.RealTimeCap!.Value;
            }

            var load = Machine.LoadAverage();
            var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
            var cpu = Environment.CpuUsage.TotalTime;
            var wall = Stopwatch.StartNew();
            var result = await FaultExplorer.ExploreAsync(scenario.Body, options);
            wall.Stop();
            var row = new Row(scenario, mode, options.Parallelism, result, wall.Elapsed, Environment.CpuUsage.TotalTime - cpu, plain, load, capped)
            {
                Jitted = System.Runtime.JitInfo.GetCompiledMethodCount() - jitted,
            };
            Console.WriteLine($"  {scenario.Id}, {Describe(mode, options.Parallelism)}: {result.Summary}; wall {row.Wall.TotalSeconds:0.00} s, CPU {row.Cpu.TotalSeconds:0.00} s, ratio {row.Ratio:0.00}, discarded {result.DiscardedRuns}; {row.RunTimes} (load average {load})");
            if (result.FailingRun?.Failure is { } failure && !scenario.Check(result))
            {
                Console.WriteLine($"    {failure.GetType().Name}: {failure.Message}");
            }
            if (!capped && !scenario.Check(result))
            {
                notes.Add($"**{scenario.Id}, {Describe(mode, options.Parallelism)}: expected {scenario.Expected}, got {result.Summary}.**");
            }

            rows.Add(row);
        }

        return rows;
    }

    // The body as a plain test, outside any experiment, warmed up until its code is optimized: for WarmUp of real time
    // (and at least WarmUpRuns runs), so that tiered compilation has finished with it, then the median of PlainRuns.
    // A few warm-up runs are not enough: the runtime waits 100 ms before counting calls, and a run takes about 1 ms.
    internal static async Task<TimeSpan> PlainRunAsync(Func<CancellationToken, Task> body, bool warmUp = true)
    {
        var warming = Stopwatch.StartNew();
        for (var i = 0; warmUp && (i < WarmUpRuns || warming.Elapsed < WarmUp); i++)
        {
            await body(CancellationToken.None);
        }

        var times = new List<TimeSpan>();
        for (var i = 0; i < PlainRuns; i++)
        {
            var watch = Stopwatch.StartNew();
            await body(CancellationToken.None);
            times.Add(watch.Elapsed);
        }

        times.Sort();
        return (times[(PlainRuns - 1) / 2] + times[PlainRuns / 2]) / 2;
    }

    private static string Format(List<Row> rows, List<string> notes, HangBenchmark.Result hang, int defaultParallelism)
    {
        var text = new StringBuilder();
        text.AppendLine("## Explorations on real services").AppendLine()
            .AppendLine("Whole explorations of in-process ASP.NET Core services (a `ServiceMesh`, real HttpClient pipelines and resilience handlers at production defaults), " +
                "each measured three ways in the same run: *real* (`VirtualTime = false`, `Parallelism = 1`: every timeout is waited for, as before the virtual clock), " +
                $"*virtual* (`Parallelism = 1`) and *virtual ×{defaultParallelism}* (the default `Parallelism`). ")
            .AppendLine("*Fault-free run*: the median of " + PlainRuns + " runs of the plain body outside any experiment, after warm-up runs for " + WarmUp.TotalSeconds + " s (and at least " + WarmUpRuns + "), so that its code is optimized. " +
                "*Ratio* = wall ÷ (experiments × fault-free run); the targets are ≤ 1.5 sequentially and ≤ 0.75 with the default parallelism. " +
                "*CPU*: the process's CPU time during the exploration (`Environment.CpuUsage`), on 2 cores at most 2 × wall. *Discarded*: speculative runs never used. " +
                "*Solver*: `ExplorationResult.SolverTime`.").AppendLine()
            .AppendLine("| scenario | mode | verdict | experiments | runs | discarded | wall s | CPU s | solver s | fault-free run ms | ratio | load average |")
            .AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var row in rows)
        {
            var verdict = row.Capped
                ? $"{row.Result.Verdict} (capped at {row.Result.Options.MaxExperiments} experiments)"
                : row.Scenario.Check(row.Result) ? VerdictText(row.Result) : $"**{VerdictText(row.Result)}** (expected {row.Scenario.Expected})";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Scenario.Id} | {Describe(row.Mode, row.Parallelism)} | {verdict} | {row.Result.Experiments:N0} | {row.Result.Runs.Count:N0} | {row.Result.DiscardedRuns:N0} | {row.Wall.TotalSeconds:N2} | {row.Cpu.TotalSeconds:N2} | {row.Result.SolverTime.TotalSeconds:N2} | {row.Plain.TotalMilliseconds:N1} | {row.Ratio:N2} | {row.Load} |");
        }

        text.AppendLine();
        foreach (var group in rows.GroupBy(r => r.Scenario))
        {
            var real = group.FirstOrDefault(r => r.Mode == Mode.RealSequential);
            var sequential = group.First(r => r.Mode == Mode.VirtualSequential);
            var parallel = group.First(r => r.Mode == Mode.VirtualParallel);
            var first = group.FirstOrDefault(r => r.Mode == Mode.VirtualFirst);
            var firstText = first is null ? string.Empty
                : $"virtual, first in the process {(first.Wall / first.Result.Experiments).TotalMilliseconds:N1} ms ({first.Jitted:N0} methods compiled during it), ";
            var virtualPerExperiment = sequential.Wall / sequential.Result.Experiments;
            var realText = string.Empty;
            if (real is not null)
            {
                var realPerExperiment = real.Wall / real.Result.Experiments;
                realText = $"real time {realPerExperiment.TotalMilliseconds:N0} ms per experiment" +
                    (real.Capped ? $" (over the capped run's experiments: the whole exploration would take about {(realPerExperiment * sequential.Result.Experiments).TotalMinutes:N0} min)" : string.Empty) +
                    $", {realPerExperiment / virtualPerExperiment:N0}× the virtual time; ";
            }

            text.AppendLine(CultureInfo.InvariantCulture,
                $"- {group.Key.Id}: {group.Key.Description}; {sequential.Result.CallSites.Count} call sites. Per experiment: {realText}" +
                $"{firstText}virtual {virtualPerExperiment.TotalMilliseconds:N1} ms, ×{parallel.Parallelism} {(parallel.Wall / parallel.Result.Experiments).TotalMilliseconds:N1} ms (speed-up of the default parallelism over sequential: {sequential.Wall / parallel.Wall:N2}×). " +
                $"Virtual, sequential: {sequential.RunTimes}, solver {sequential.Result.SolverTime.TotalSeconds:N2} s, of {sequential.Wall.TotalSeconds:N2} s wall.");
        }

        foreach (var note in notes)
        {
            text.AppendLine($"- {note}");
        }

        text.AppendLine().AppendLine(
            "The streaming home page (tests/Ldfi.Testing.Benchmarks/Streaming): `api` calls `users` (the standard resilience handler at its defaults: 10 s per attempt, 30 s in all, " +
            "three retries with jittered exponential back-off), the catalog with 2 s per call, falling back to `catalog-replica` and then to a static row (each catalog calls `artwork`, 1 s, optional), " +
            "and, for a known member, `recommendations` (1 s, static fallback; it calls `ratings`, 500 ms, optional) and `bookmarks` (1 s per attempt, one retry after 200 ms). " +
            "It runs with `Faults = Error | Delay`: every caller treats an error status like a lost request, and a third value per call site triples the 3-fault sets " +
            "(with all three kinds, 1,000 experiments did not finish the search). The `users` circuit breaker is a singleton of the `api` service and is never reset: " +
            "every experiment gets its own instance of the pipeline. Before that isolation, its 30 s sampling window counted the failures of hundreds of earlier runs: after 148 experiments it opened, " +
            "the exploration reported `Failed: {Error on catalog → artwork GET /artwork #1}` (confirmed, because the breaker stayed open) and the next exploration's baseline failed with no fault at all.");

        text.AppendLine().AppendLine("### A call with no timeout").AppendLine()
            .AppendLine("`edge` calls `origin` through an IHttpClientFactory client with `Timeout = Timeout.InfiniteTimeSpan` and no resilience handler; the exploration runs with `Faults = Delay`, `MaxFaults = 1`. " +
                "*Hung run*: the real time of each run in which the held response was reported as unguarded (the faulted experiment and its confirmation); *to verdict*: the whole exploration (baseline, determinism check, experiment, confirmation). Target: reported within 100 ms.").AppendLine()
            .AppendLine("| mode | verdict | experiments | runs | hung runs, ms each | to verdict, ms | load average |")
            .AppendLine("| --- | --- | ---: | ---: | --- | ---: | --- |");
        foreach (var (parallelism, result, wall, load) in hang.Rows)
        {
            var hung = result.Runs.Where(r => !r.Injected.IsEmpty).Select(r => r.Duration.TotalMilliseconds.ToString("N1", CultureInfo.InvariantCulture));
            var verdict = HangBenchmark.Check(result) ? VerdictText(result) : $"**{VerdictText(result)}** (expected {HangBenchmark.Expected})";
            text.AppendLine(CultureInfo.InvariantCulture, $"| virtual ×{parallelism} | {verdict} | {result.Experiments} | {result.Runs.Count} | {string.Join(", ", hung)} | {wall.TotalMilliseconds:N0} | {load} |");
        }

        if (hang.Rows.Count > 0 && hang.Rows[0].Result.FailingRun?.Failure is { } failure)
        {
            text.AppendLine().AppendLine("The failure it reports:").AppendLine().AppendLine("```text").AppendLine(failure.Message.Trim()).AppendLine("```");
        }

        return text.AppendLine().ToString();
    }

    private static string VerdictText(ExplorationResult result) => result.Verdict switch
    {
        Verdict.Tolerant => $"Tolerant up to {result.Options.MaxFaults}",
        Verdict.Failed => $"Failed: {result.FailingFaultSet}",
        _ => result.Summary,
    };

    private static string Describe(Mode mode, int parallelism) => mode switch
    {
        Mode.RealSequential => "real",
        Mode.VirtualFirst => "virtual, first",
        Mode.VirtualSequential => "virtual",
        _ => $"virtual ×{parallelism}",
    };

    private enum Mode
    {
        /// <summary>Virtual time, sequentially, as the first exploration of the flow in the process.</summary>
        VirtualFirst,
        RealSequential,
        VirtualSequential,
        VirtualParallel,
    }

    /// <summary>One flow to explore; <see cref="RealTimeCap"/> limits the experiments of the real-time run (null: none).</summary>
    private sealed record Scenario(string Id, string Expected, int MaxFaults, Func<CancellationToken, Task> Body, Func<ExplorationResult, bool> Check, int? RealTimeCap, FaultKind Faults = FaultKind.All)
    {
        public string Description => $"MaxFaults {MaxFaults}{(Faults == FaultKind.All ? string.Empty : $", Faults = {Faults}")}, expected {Expected}";
    }

    private sealed record Row(Scenario Scenario, Mode Mode, int Parallelism, ExplorationResult Result, TimeSpan Wall, TimeSpan Cpu, TimeSpan Plain, string Load, bool Capped)
    {
        public double Ratio => Wall / (Result.Experiments * Plain);

        /// <summary>Gets how many methods the JIT compiled during the exploration (tier-up included).</summary>
        public long Jitted { get; init; }

        /// <summary>Gets the median real time of a run with and without a Delay fault, and the runs' total.</summary>
        public string RunTimes
        {
            get
            {
                static string Median(IEnumerable<ExperimentRun> runs)
                {
                    var times = runs.Select(r => r.Duration.TotalMilliseconds).Order().ToList();
                    return times.Count == 0 ? "-" : $"{times[times.Count / 2]:N1} ms ({times.Count})";
                }

                var delayed = Result.Runs.ToLookup(r => r.Injected.Any(f => f.Kind == FaultKind.Delay));
                return $"median run without a Delay {Median(delayed[false])}, with one {Median(delayed[true])}; runs {Result.Runs.Sum(r => r.Duration.TotalSeconds):N2} s in all";
            }
        }
    }
}

/// <summary>The hang detection measurement: a call with no timeout under a Delay fault.</summary>
internal static class HangBenchmark
{
    public const string Expected = "Failed: {Delay on edge → origin GET /content #1}";

    public static bool Check(ExplorationResult result) =>
        result.Verdict == Verdict.Failed && result.FailingFaultSet!.ToString() == "{Delay on edge → origin GET /content #1}";

    public static async Task<Result> RunAsync(int defaultParallelism)
    {
        await using var mesh = new ServiceMesh()
            .Add<Streaming.StreamingService>("edge")
            .Add<Streaming.StreamingService>("origin");
        await ExplorationBenchmark.StartAsync(mesh);
        async Task Body(CancellationToken cancellationToken)
        {
            using var client = mesh.CreateClient("edge");
            var text = await client.GetStringAsync(new Uri("page", UriKind.Relative), cancellationToken);
            Assertions.True(text == "hello", $"The page read '{text}'.");
        }

        for (var i = 0; i < 5; i++)
        {
            await Body(CancellationToken.None);
        }

        // Once to warm the engine's paths up (not reported), then measured.
        await FaultExplorer.ExploreAsync(Body, new ExplorationOptions { Faults = FaultKind.Delay, MaxFaults = 1 });
        var rows = new List<(int, ExplorationResult, TimeSpan, string)>();
        foreach (var parallelism in new[] { 1, defaultParallelism })
        {
            var load = Machine.LoadAverage();
            var wall = Stopwatch.StartNew();
            var result = await FaultExplorer.ExploreAsync(Body, new ExplorationOptions { Faults = FaultKind.Delay, MaxFaults = 1, Parallelism = parallelism });
            wall.Stop();
            Console.WriteLine($"  no timeout, ×{parallelism}: {result.Summary}; {wall.Elapsed.TotalMilliseconds:0} ms; runs {string.Join(", ", result.Runs.Select(r => $"{r.Kind} {r.Duration.TotalMilliseconds:0.0} ms"))}");
            rows.Add((parallelism, result, wall.Elapsed, load));
        }

        return new Result(rows);
    }

    public sealed record Result(IReadOnlyList<(int Parallelism, ExplorationResult Result, TimeSpan Wall, string Load)> Rows);
}

/// <summary>The exceptions a benchmark body throws to fail (the benchmark has no test framework).</summary>
internal static class Assertions
{
    public static void True(bool condition, string message)
    {
        if (!condition)
        {
            throw new BenchmarkAssertionException(message);
        }
    }
}

/// <summary>A benchmark body's failed check.</summary>
internal sealed class BenchmarkAssertionException(string message) : Exception(message);
