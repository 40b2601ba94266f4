using System.Net.Http.Json;
using Ldfi.Testing;
using Ldfi.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Shop.Contracts;
using Shop.Gateway;
using Shop.Inventory;
using Shop.Orders;
using Shop.Payments;
using Shop.Recommendations;
using Shop.Shipping;

namespace Shop.Tests;

/// <summary>The whole shop in one process, with test-sized timeouts.</summary>
public static class ShopMesh
{
    public static ServiceMesh Create() =>
        new ServiceMesh(new ServiceMeshOptions
        {
            Configuration =
            {
                ["Resilience:AttemptTimeout"] = "00:00:00.300",
                ["Resilience:OptionalTimeout"] = "00:00:00.200",
                ["Resilience:RetryDelay"] = "00:00:00.010",
                ["Resilience:TotalTimeout"] = "00:00:02",
                ["Resilience:CheckoutTimeout"] = "00:00:03",
            },
        })
        .Add<GatewayService>("gateway")
        .Add<OrdersService>("orders")
        .Add<InventoryService>("inventory")
        .Add<InventoryService>("inventory-replica")
        .Add<PaymentsService>("payments", services => services.AddFaultBoundary<ICardProcessor>("card-processor"))
        .Add<ShippingService>("shipping")
        .Add<RecommendationsService>("recommendations");
}

/// <summary>One shop shared by the tests of a collection: started, and warmed up so no experiment pays for JIT.</summary>
public sealed class ShopFixture : IAsyncLifetime
{
    public ServiceMesh Mesh { get; } = ShopMesh.Create();

    public async Task InitializeAsync()
    {
        await Mesh.StartAsync();
        using var gateway = Mesh.CreateClient("gateway");

        // The first requests compile every path; with test-sized timeouts they may time out, so warm up until both flows answer.
        for (var attempt = 1; ; attempt++)
        {
            using var page = await gateway.GetAsync("products/SKU-1001");
            using var checkout = await gateway.PostAsJsonAsync("checkout", new CheckoutRequest("warm-up", "SKU-1002", 1, "NL"));
            if (page.IsSuccessStatusCode && checkout.IsSuccessStatusCode && !(await page.Content.ReadFromJsonAsync<ProductPage>())!.Degraded.Any())
            {
                return;
            }

            if (attempt == 5)
            {
                throw new InvalidOperationException($"The shop did not warm up: product page {(int)page.StatusCode}, checkout {(int)checkout.StatusCode}: {await checkout.Content.ReadAsStringAsync()}");
            }
        }
    }

    public async Task DisposeAsync() => await Mesh.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ShopCollection : ICollectionFixture<ShopFixture>
{
    public const string Name = "shop";
}
