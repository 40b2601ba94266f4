using System.Net;
using System.Net.Http.Json;
using Shop.Contracts;

namespace Shop.Tests;

[Collection(ShopCollection.Name)]
public sealed class ShopFlowTests(ShopFixture shop)
{
    [Fact]
    public async Task Product_page_has_every_part_when_all_services_answer()
    {
        using var gateway = shop.Mesh.CreateClient("gateway");

        var page = await gateway.GetFromJsonAsync<ProductPage>("products/SKU-1001");

        Assert.NotNull(page);
        Assert.Equal(new Product("SKU-1001", "Trail running shoes", 89.90m, "EUR"), page.Product);
        Assert.True(page.Available > 0);
        Assert.Equal(["SKU-1002", "SKU-1003"], page.Recommendations.Select(r => r.Sku));
        Assert.Empty(page.Degraded);
    }

    [Fact]
    public async Task Unknown_product_is_404_after_asking_primary_and_replica()
    {
        using var gateway = shop.Mesh.CreateClient("gateway");

        using var response = await gateway.GetAsync("products/SKU-9999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Checkout_charges_the_customer_exactly_once()
    {
        using var gateway = shop.Mesh.CreateClient("gateway");
        using var payments = shop.Mesh.CreateClient("payments");
        var customer = $"cust-{Guid.NewGuid():N}";

        using var response = await gateway.PostAsJsonAsync("checkout", new CheckoutRequest(customer, "SKU-1003", 2, "DE"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await response.Content.ReadFromJsonAsync<OrderConfirmation>();
        Assert.NotNull(order);
        Assert.Equal(128.00m, order.Total);
        Assert.Equal("DHL", order.Shipping.Carrier);
        Assert.Empty(order.Degraded);
        var charge = Assert.Single((await payments.GetFromJsonAsync<List<Charge>>($"charges?customerId={customer}"))!);
        Assert.Equal((order.ChargeId, order.OrderId, 128.00m), (charge.ChargeId, charge.OrderId, charge.Amount));
    }

    [Fact]
    public async Task Out_of_stock_checkout_is_409_and_charges_nothing()
    {
        using var gateway = shop.Mesh.CreateClient("gateway");
        using var payments = shop.Mesh.CreateClient("payments");
        var customer = $"cust-{Guid.NewGuid():N}";

        using var response = await gateway.PostAsJsonAsync("checkout", new CheckoutRequest(customer, "SKU-2001", 1, "NL"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Empty((await payments.GetFromJsonAsync<List<Charge>>($"charges?customerId={customer}"))!);
    }

    [Fact]
    public async Task Unsupported_country_falls_back_to_the_standard_parcel_service()
    {
        using var gateway = shop.Mesh.CreateClient("gateway");

        using var response = await gateway.PostAsJsonAsync("checkout", new CheckoutRequest($"cust-{Guid.NewGuid():N}", "SKU-1004", 1, "XX"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await response.Content.ReadFromJsonAsync<OrderConfirmation>();
        Assert.Equal("Standard parcel", order!.Shipping.Carrier);
        Assert.Equal(["shipping"], order.Degraded);
    }

    [Fact]
    public async Task Concurrent_tests_can_share_the_mesh()
    {
        using var gateway = shop.Mesh.CreateClient("gateway");
        using var payments = shop.Mesh.CreateClient("payments");
        var customers = Enumerable.Range(0, 16).Select(i => $"cust-{i}-{Guid.NewGuid():N}").ToArray();

        var responses = await Task.WhenAll(customers.Select(async c =>
        {
            using var checkout = await gateway.PostAsJsonAsync("checkout", new CheckoutRequest(c, "SKU-1002", 1, "BE"));
            using var page = await gateway.GetAsync("products/SKU-1002");
            return (checkout.StatusCode, page.StatusCode);
        }));

        Assert.All(responses, r => Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), r));
        foreach (var customer in customers)
        {
            Assert.Single((await payments.GetFromJsonAsync<List<Charge>>($"charges?customerId={customer}"))!);
        }
    }
}
