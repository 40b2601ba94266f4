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

// Timing-sensitive explorations on a shared machine, and a Harness that points LDFI_RESULTS_DIR (process-wide) at a
// directory of its own: the tests of this assembly run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Shop.XunitV3Tests;

/// <summary>The whole shop in one process, with test-sized timeouts (the same mesh as Shop.Tests' ShopMesh).</summary>
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

/// <summary>
/// One shop shared by the tests of the collection: started and warmed up by the first fixture, disposed with the last.
/// Counting users lets a test run the assembly's own tests in process (<see cref="Harness"/>): the nested run's
/// collection fixture joins the running shop instead of starting a second one.
/// </summary>
public sealed class ShopFixture : IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static ServiceMesh? shared;
    private static int users;

    public ServiceMesh Mesh => shared ?? throw new InvalidOperationException("The shop is not running.");

    public async ValueTask InitializeAsync()
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

                shared = started;
            }

            users++;
        }
        finally
        {
            Gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (--users == 0 && shared is { } stopping)
            {
                shared = null;
                await stopping.DisposeAsync();
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    // The first requests compile every path; with test-sized timeouts they may time out, so warm up until both flows answer.
    private static async Task WarmUpAsync(ServiceMesh shop)
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

[CollectionDefinition(Name)]
public sealed class ShopCollection : ICollectionFixture<ShopFixture>
{
    public const string Name = "shop";
}
