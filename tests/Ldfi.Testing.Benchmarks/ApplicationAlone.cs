using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Ldfi.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Time.Testing;
using Shop.Contracts;

namespace Ldfi.Testing.Benchmarks;

/// <summary>
/// The floor under the exploration ratio: the product page's experiments re-run by the application alone. The tool
/// explores the flow (sequentially, warm); then a second shop, whose services have fake clocks and a hand-written fault
/// handler (<see cref="HandFaults"/>), runs every experiment's fault set again with no tool at all, and each run must
/// make as many calls and end as the tool's did. What those runs cost is the application's own work under the faults
/// (the retries, fallbacks, cancellations and exceptions), which no tool can avoid.
/// </summary>
internal static class ApplicationAlone
{
    /// <summary>How many times the four measurements alternate; each is reported as its median.</summary>
    private const int Alternations = 5;

    public static async Task<string> RunAsync()
    {
        await using var shop = Shop.Testing.ShopMesh.Create();
        await ExplorationBenchmark.StartAsync(shop);
        await Shop.Testing.SharedShop.WarmUpAsync(shop);
        await using var alone = CreateShop();
        await ExplorationBenchmark.StartAsync(alone);
        await Shop.Testing.SharedShop.WarmUpAsync(alone);

        var flows = new ShopFlows(shop);
        using var gateway = alone.CreateClient("gateway");
        Func<CancellationToken, Task> body = _ => ProductPageAsync(gateway);
        var options = new ExplorationOptions { MaxFaults = 2, Parallelism = 1, MaxExperiments = 5000 };
        var explored = await FaultExplorer.ExploreAsync(flows.ProductPageDegradesGracefully, options);
        var runs = explored.Runs.Where(r => r.Kind is RunKind.Baseline or RunKind.Experiment).ToList();
        var differences = new List<string>();
        _ = await AloneRoundAsync(runs, body, differences);

        // Warm-up of all four, then alternations: the fault-free run time moves by a factor of two or more between
        // measurements minutes apart (what the thread pool and the JIT are doing), so each is measured beside the others.
        HandFaults.Arm(FaultSet.Empty);
        _ = await ExplorationBenchmark.PlainRunAsync(flows.ProductPageDegradesGracefully);
        _ = await ExplorationBenchmark.PlainRunAsync(body);
        for (var i = 0; i < 5; i++)
        {
            _ = await FaultExplorer.ExploreAsync(flows.ProductPageDegradesGracefully, options);
            _ = await AloneRoundAsync(runs, body, differences);
        }

        List<TimeSpan> toolPlain = [], alonePlain = [], toolWall = [], aloneWall = [];
        for (var i = 0; i < Alternations; i++)
        {
            HandFaults.Arm(FaultSet.Empty);
            toolPlain.Add(await ExplorationBenchmark.PlainRunAsync(flows.ProductPageDegradesGracefully, warmUp: false));
            alonePlain.Add(await ExplorationBenchmark.PlainRunAsync(body, warmUp: false));
            var watch = Stopwatch.StartNew();
            _ = await FaultExplorer.ExploreAsync(flows.ProductPageDegradesGracefully, options);
            toolWall.Add(watch.Elapsed);
            aloneWall.Add(await AloneRoundAsync(runs, body, differences));
            Console.WriteLine($"  alone, alternation {i + 1}: fault-free {toolPlain[^1].TotalMilliseconds:0.000} / {alonePlain[^1].TotalMilliseconds:0.000} ms, tool {toolWall[^1].TotalMilliseconds:0.0} ms, alone {aloneWall[^1].TotalMilliseconds:0.0} ms");
        }

        var n = explored.Experiments;
        var plain = Median(toolPlain);
        var text = new StringBuilder();
        text.AppendLine("## The application's own cost").AppendLine()
            .AppendLine($"What the exploration ratio cannot go below. The shop product page is explored by the tool (MaxFaults 2, sequentially, warm): {runs.Count} runs, the baseline included, {n} experiments. " +
                "Then every run's fault set runs again without the tool (`ApplicationAlone.cs`): a second shop whose services have fake clocks (`FakeTimeProvider`) and a hand-written handler that injects the same faults " +
                "(Error and Status without sending; Delay sends, holds the response, and advances the caller's clock by hand once nothing else of the service is in flight, until the caller gives up). " +
                "No recording, no experiment context, no virtual clock, no settle check: only the application's own work under the faults (its timeouts firing, cancellations, exceptions, fallbacks). " +
                $"Each run made as many calls as the tool's and passed or failed as it did, in every round ({(differences.Count == 0 ? "all of them" : $"**{differences.Count} did not**")}). " +
                $"The four measurements alternate {Alternations} times; medians, with the range in brackets. *Fault-free run*: the plain body outside any experiment, median of 50 runs, as in the exploration table (the two shops' agree within noise). " +
                "*Ratio*: wall ÷ (experiments × fault-free run of the tool's shop), the exploration table's ratio.").AppendLine()
            .AppendLine("| | fault-free run ms | wall ms | per run ms | ratio |")
            .AppendLine("| --- | ---: | ---: | ---: | ---: |")
            .AppendLine(CultureInfo.InvariantCulture, $"| the tool, sequential | {Range(toolPlain, 3)} | {Range(toolWall, 1)} | {Median(toolWall).TotalMilliseconds / runs.Count:N3} | {Median(toolWall) / (n * plain):N2} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| the application alone, the same fault sets | {Range(alonePlain, 3)} | {Range(aloneWall, 1)} | {Median(aloneWall).TotalMilliseconds / runs.Count:N3} | {Median(aloneWall) / (n * plain):N2} |")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"The tool's own cost is the difference: {Median(toolWall) / Median(aloneWall):N1}× the application's alone. Even a tool costing nothing would leave a ratio of {Median(aloneWall) / (n * plain):N2} sequentially, and at best half that on two cores.")
            .AppendLine();
        foreach (var difference in differences.Take(10))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {difference}");
        }

        return text.AppendLine().ToString();
    }

    // One timed round over every run. Each run is checked against the tool's (passed or failed, how many calls) inside the
    // round: the check compares two booleans and two counts, far below a run's cost.
    private static async Task<TimeSpan> AloneRoundAsync(List<ExperimentRun> runs, Func<CancellationToken, Task> body, List<string> differences)
    {
        var watch = Stopwatch.StartNew();
        foreach (var run in runs)
        {
            HandFaults.Arm(run.Injected);
            var failure = await FailureOf(body);
            if ((failure is null) != run.Passed || HandFaults.Calls != run.AllCalls.Count)
            {
                differences.Add($"{run.Injected}: the tool's run {(run.Passed ? "passed" : "failed")} with {run.AllCalls.Count} calls, alone {(failure is null ? "passed" : "failed")} with {HandFaults.Calls}");
            }
        }

        return watch.Elapsed;
    }

    private static TimeSpan Median(List<TimeSpan> values) => values.Order().ElementAt(values.Count / 2);

    private static string Range(List<TimeSpan> values, int decimals)
    {
        var format = "N" + decimals.ToString(CultureInfo.InvariantCulture);
        return $"{Median(values).TotalMilliseconds.ToString(format, CultureInfo.InvariantCulture)} ({values.Min().TotalMilliseconds.ToString(format, CultureInfo.InvariantCulture)}–{values.Max().TotalMilliseconds.ToString(format, CultureInfo.InvariantCulture)})";
    }

    // The shop of ShopMesh with a fake clock and the hand-written handler in every service.
    internal static ServiceMesh CreateShop()
    {
        // The product page's gateway starts the product, stock and recommendations calls at once.
        HandFaults.StartsAtOnce("gateway", 3);
        static Action<IServiceCollection> Hand(string service) => services =>
        {
            var time = new FakeTimeProvider();
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton<IHttpMessageHandlerBuilderFilter>(new HandFaults.Filter(service, time));
        };

        return new ServiceMesh()
            .Add<Shop.Gateway.GatewayService>("gateway", Hand("gateway"))
            .Add<Shop.Orders.OrdersService>("orders", Hand("orders"))
            .Add<Shop.Inventory.InventoryService>("inventory", Hand("inventory"))
            .Add<Shop.Inventory.InventoryService>("inventory-replica", Hand("inventory-replica"))
            .Add<Shop.Payments.PaymentsService>("payments", Hand("payments"))
            .Add<Shop.Shipping.ShippingService>("shipping", Hand("shipping"))
            .Add<Shop.Recommendations.RecommendationsService>("recommendations", Hand("recommendations"));
    }

    // ShopFlows.ProductPageDegradesGracefully, with the hand-armed fault set where it asks the experiment.
    internal static async Task ProductPageAsync(HttpClient gateway)
    {
        using var response = await gateway.GetAsync(new Uri("products/SKU-1003", UriKind.Relative));
        Assertions.True(response.StatusCode == HttpStatusCode.OK, $"The product page answered {(int)response.StatusCode}.");
        var page = (await response.Content.ReadFromJsonAsync<ProductPage>())!;
        Assertions.True(page.Product.Name == "Hydration vest", $"The product page showed '{page.Product.Name}'.");
        var injected = !HandFaults.Armed.IsEmpty;
        Assertions.True(HandFaults.WasInjected("recommendations") == page.Degraded.Contains(ProductPageParts.Recommendations), $"Recommendations were left out without a fault on them, or kept with one (degraded: {string.Join(", ", page.Degraded)}; armed {HandFaults.Armed}).");
        Assertions.True(injected || page.Degraded.Count == 0, $"Without a fault, the page was degraded: {string.Join(", ", page.Degraded)}.");
    }

    private static async Task<Exception?> FailureOf(Func<CancellationToken, Task> body)
    {
        try
        {
            await body(CancellationToken.None);
            return null;
        }
#pragma warning disable CA1031 // A failing run is an outcome to compare, not an error of the benchmark.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e;
        }
    }
}
