using System.Net;
using System.Net.Http.Json;
using Ldfi.Testing.Hosting;
using Shop.Contracts;

namespace Ldfi.Testing.Benchmarks;

/// <summary>
/// The bodies of the Shop's exploration tests (examples/Shop/Shop.Tests/ShopExplorationTests.cs), with the benchmark's
/// assertions instead of xUnit's, and runnable outside an experiment too (for the fault-free run time).
/// </summary>
internal sealed class ShopFlows(ServiceMesh shop)
{
    public async Task ProductPageDegradesGracefully(CancellationToken cancellationToken)
    {
        using var gateway = shop.CreateClient("gateway");

        using var response = await gateway.GetAsync(new Uri("products/SKU-1003", UriKind.Relative), cancellationToken);

        Assertions.True(response.StatusCode == HttpStatusCode.OK, $"The product page answered {(int)response.StatusCode}.");
        var page = (await response.Content.ReadFromJsonAsync<ProductPage>(cancellationToken))!;
        Assertions.True(page.Product.Name == "Hydration vest", $"The product page showed '{page.Product.Name}'.");
        var experiment = FaultInjection.Current;
        var injected = experiment?.WasInjected() ?? false;
        Assertions.True((experiment?.WasInjected("recommendations") ?? false) == page.Degraded.Contains(ProductPageParts.Recommendations), "Recommendations were left out without a fault on them, or kept with one.");
        Assertions.True(injected || page.Degraded.Count == 0, $"Without a fault, the page was degraded: {string.Join(", ", page.Degraded)}.");
    }

    public async Task CheckoutChargesAtMostOnce(CancellationToken cancellationToken)
    {
        using var gateway = shop.CreateClient("gateway");
        using var payments = shop.CreateClient("payments");
        var customer = $"cust-{Guid.NewGuid():N}";

        using var response = await gateway.PostAsJsonAsync("checkout", new CheckoutRequest(customer, "SKU-1001", 1, "NL"), cancellationToken);

        var charges = (await payments.GetFromJsonAsync<List<Charge>>($"charges?customerId={customer}", cancellationToken))!;
        Assertions.True(charges.Count <= 1, $"The customer was charged {charges.Count} times (checkout answered {(int)response.StatusCode}).");
    }
}
