using System.Net;
using System.Net.Http.Json;
using Ldfi.Testing;
using Shop.Contracts;

namespace Processes.Tests;

/// <summary>The shop's two flows as test bodies, the same whether the shop runs in processes or in-process.</summary>
internal static class Flows
{
    public static async Task ProductPageAnswersAsync(Func<string, HttpClient> client, CancellationToken cancellationToken = default)
    {
        using var gateway = client("gateway");

        using var response = await gateway.GetAsync(new Uri("products/SKU-1003", UriKind.Relative), cancellationToken);

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

    public static async Task CheckoutChargesAtMostOnceAsync(Func<string, HttpClient> client, CancellationToken cancellationToken = default)
    {
        using var gateway = client("gateway");
        using var payments = client("payments");
        var customer = $"cust-{Guid.NewGuid():N}";

        using var response = await gateway.PostAsJsonAsync("checkout", new CheckoutRequest(customer, "SKU-1001", 1, "NL"), cancellationToken);

        var charges = (await payments.GetFromJsonAsync<List<Charge>>($"charges?customerId={customer}", cancellationToken))!;
        Assert.True(charges.Count <= 1, $"The customer was charged {charges.Count} times (checkout answered {(int)response.StatusCode}).");
    }
}
