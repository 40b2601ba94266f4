using System.Net;
using System.Net.Http.Json;
using Ldfi.Testing;
using Shop.Contracts;
using Xunit.Abstractions;

namespace Shop.Tests;

/// <summary>Explores the shop's flows with the core engine directly (the <c>[FaultTolerant]</c> attribute does the same).</summary>
[Collection(ShopCollection.Name)]
public sealed class ShopExplorationTests(ShopFixture shop, ITestOutputHelper output)
{
    [Fact]
    public async Task Product_page_is_tolerant_to_any_two_faults()
    {
        var result = await FaultExplorer.ExploreAsync(ProductPageDegradesGracefully, new ExplorationOptions { MaxFaults = 2 });

        output.WriteLine(result.Summary);
        Assert.Equal(Verdict.Tolerant, result.Verdict);
        Assert.Contains(result.CallSites, s => s.Callee == "inventory-replica");
        Assert.All(result.CallSites, s => Assert.Equal("gateway", s.Caller)); // the test's own request is not a call site

        // The gateway bounds recommendations with a CancelAfter of its own, a real timer: the exploration saw it, fired it
        // on the virtual clock (a Delay on recommendations degrades the page instead of hanging it), and reports where it is.
        var timer = Assert.Single(result.RealTimers);
        Assert.Equal(("CancelAfter", "ProductPageBuilder.RecommendationsAsync", "gateway", TimeSpan.FromMilliseconds(500), true), (timer.ArmedBy, timer.ArmedIn, timer.Service, timer.DueTime, timer.FiredOnClock));
        Assert.Contains("| `CancelAfter` | 500 ms | `ProductPageBuilder.RecommendationsAsync` | gateway | yes |", ExplorationReport.Markdown(result, "product page"), StringComparison.Ordinal);
        Assert.Contains("1 real timer fired on the virtual clock, see the report", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkout_double_charges_when_the_first_charge_response_is_late()
    {
        var result = await FaultExplorer.ExploreAsync(CheckoutChargesAtMostOnce, new ExplorationOptions { MaxFaults = 2 });

        output.WriteLine(result.Summary);
        Assert.Equal(Verdict.Failed, result.Verdict);
        var fault = Assert.Single(result.FailingFaultSet!);
        Assert.Equal(
            (FaultKind.Delay, "orders", "payments", "POST /charges", 1),
            (fault.Kind, fault.Caller, fault.Callee, fault.Operation, fault.Ordinal));
        Assert.Equal("gateway>orders POST /orders#1", fault.Site.Parent?.Id);
        Assert.Contains(result.CallSites, s => s is { Caller: "payments", Callee: "card-processor", Operation: "ChargeAsync" });
    }

    /// <summary>
    /// The exhaustive proof behind the README's claim (about 110 experiments): every minimal failing set within two faults
    /// is the same bug, a late charge response retried by the standard handler, reached directly or after a first failed
    /// attempt. Skip with <c>--filter Category!=Slow</c>.
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public async Task Every_minimal_failing_fault_set_within_two_faults_is_a_late_charge_that_was_retried()
    {
        var result = await FaultExplorer.ExploreAsync(CheckoutChargesAtMostOnce, new ExplorationOptions { MaxFaults = 2, FindAllFailures = true });

        output.WriteLine(result.Summary);
        Assert.Equal(
            [
                "{Delay on orders → payments POST /charges #1}",

                // The first attempt stuck inside payments (its card processor slow) is ended by orders' 10 s attempt
                // timeout as on a network, charging nothing; the retry's late response then charges twice.
                "{Delay on payments → card-processor ChargeAsync #1, Delay on orders → payments POST /charges #2}",
                "{Error on payments → card-processor ChargeAsync #1, Delay on orders → payments POST /charges #2}",
                "{Error on orders → payments POST /charges #1, Delay on orders → payments POST /charges #2}",
                "{Status 500 on orders → payments POST /charges #1, Delay on orders → payments POST /charges #2}",
                "{Status 502 on orders → payments POST /charges #1, Delay on orders → payments POST /charges #2}",
                "{Status 503 on orders → payments POST /charges #1, Delay on orders → payments POST /charges #2}",
            ],
            result.FailingFaultSets.Select(s => s.ToString()));

        // The charge is in every one of them: the report says to harden it, with an idempotency key.
        var advice = Assert.Single(result.Hardening);
        Assert.Equal(HardeningPattern.RetriedNonIdempotentCall, advice.Pattern);
        Assert.StartsWith("orders → payments POST /charges", advice.Call, StringComparison.Ordinal);
        Assert.Contains("idempotency key", advice.Fix, StringComparison.Ordinal);
        Assert.Contains("where to harden: orders → payments POST /charges", result.Summary, StringComparison.Ordinal);
        var message = ExplorationReport.FailureMessage(result, "checkout");
        output.WriteLine(message);
        Assert.Contains("Where to harden (in every minimal failing fault set found: hardening one removes every known failure):\n  • orders → payments POST /charges", message, StringComparison.Ordinal);
    }

    private async Task ProductPageDegradesGracefully(CancellationToken cancellationToken)
    {
        using var gateway = shop.Mesh.CreateClient("gateway");

        using var response = await gateway.GetAsync("products/SKU-1003", cancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = (await response.Content.ReadFromJsonAsync<ProductPage>(cancellationToken))!;
        Assert.Equal("Hydration vest", page.Product.Name);
        var experiment = FaultInjection.Current!;
        Assert.Equal(experiment.WasInjected("recommendations"), page.Degraded.Contains(ProductPageParts.Recommendations));
        if (!experiment.WasInjected())
        {
            Assert.Empty(page.Degraded);
        }
    }

    private async Task CheckoutChargesAtMostOnce(CancellationToken cancellationToken)
    {
        using var gateway = shop.Mesh.CreateClient("gateway");
        using var payments = shop.Mesh.CreateClient("payments");
        var customer = $"cust-{Guid.NewGuid():N}";

        using var response = await gateway.PostAsJsonAsync("checkout", new CheckoutRequest(customer, "SKU-1001", 1, "NL"), cancellationToken);

        var charges = (await payments.GetFromJsonAsync<List<Charge>>($"charges?customerId={customer}", cancellationToken))!;
        Assert.True(charges.Count <= 1, $"The customer was charged {charges.Count} times (checkout answered {(int)response.StatusCode}).");
    }
}
