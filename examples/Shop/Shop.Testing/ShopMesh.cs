// Shared by Shop.Tests (xUnit v2), Shop.XunitV3Tests and Shop.NUnitTests, compiled into each.
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

namespace Shop.Testing;

/// <summary>
/// The whole shop in one process, with the timeouts and back-offs it has in production: inside an experiment they run
/// on the experiment's virtual clock, so a 10 s timeout costs no real time (shared by the xUnit v2, xUnit v3 and NUnit suites).
/// </summary>
public static class ShopMesh
{
    public static ServiceMesh Create() =>
        new ServiceMesh()
        .Add<GatewayService>("gateway")
        .Add<OrdersService>("orders")
        .Add<InventoryService>("inventory")
        .Add<InventoryService>("inventory-replica")
        .Add<PaymentsService>("payments", services => services.AddFaultBoundary<ICardProcessor>("card-processor"))
        .Add<ShippingService>("shipping")
        .Add<RecommendationsService>("recommendations");
}

/// <summary>
/// One shop for every test of the assembly: started and warmed up by the first user, disposed when the last one leaves.
/// Counting users lets a test run its assembly's own tests in process (the cross-adapter proofs): the nested run
/// joins the running shop instead of replacing it.
/// </summary>
public static class SharedShop
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static ServiceMesh? mesh;
    private static int users;

    public static ServiceMesh Mesh => mesh ?? throw new InvalidOperationException("The shop is not running: acquire it first (a set-up fixture or a collection fixture).");

    public static async Task AcquireAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (users == 0)
            {
                var started = ShopMesh.Create();
                try
                {
                    await WarmUpAsync(started);
                }
                catch
                {
                    await started.DisposeAsync();
                    throw;
                }

                mesh = started;
            }

            users++;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task ReleaseAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (--users == 0 && mesh is { } stopping)
            {
                mesh = null;
                await stopping.DisposeAsync();
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    // The first requests compile every path, so that no experiment pays for it; warm up until both flows answer.
    public static async Task WarmUpAsync(ServiceMesh shop)
    {
        await shop.StartAsync();
        using var gateway = shop.CreateClient("gateway");
        for (var attempt = 1; ; attempt++)
        {
            using var page = await gateway.GetAsync(new Uri("products/SKU-1001", UriKind.Relative));
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
}
