using System.Net.Http.Json;
using Ldfi.Testing.Proxy;
using Shop.Contracts;

namespace Processes.Tests;

/// <summary>
/// The shop as separate processes, each behind a fault proxy: the gateway in Node.js, the other six the real Shop
/// services (<c>dotnet Shop.Orders.dll</c> …) with their production resilience settings. Nothing in them knows of
/// Ldfi.Testing: .NET's HttpClient and ASP.NET Core carry the W3C baggage on by default, the Node.js gateway by hand.
/// </summary>
public sealed class ShopProcesses : IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static ProcessHost? shared;
    private static int users;

    /// <summary>Gets the processes, shared by every collection of the assembly (started by the first, stopped by the last).</summary>
    public ProcessHost Host => shared ?? throw new InvalidOperationException("The shop's processes are not running.");

    public static ProcessHost Create()
    {
        var gateway = new ProcessService("gateway", "node", Path.Combine(AppContext.BaseDirectory, "gateway", "server.js")) { HealthPath = "/health" };

        // The one timeout set for this machine: the gateway's 500 ms for recommendations is a real timer here, and at a
        // load average of 7 on 2 cores a whole experiment stalled 680 ms, so the page lost its recommendations with no
        // fault and the tool rightly called it Flaky. 2 s is the gateway's timeout for its other reads.
        gateway.Environment["OPTIONAL_TIMEOUT_MS"] = "2000";
        return new ProcessHost()
            .Add(gateway)
            .Add(Dotnet("orders", "Shop.Orders", [400, 402, 404, 409, 503]))
            .Add(Dotnet("inventory", "Shop.Inventory", [404]))
            .Add(Dotnet("inventory-replica", "Shop.Inventory", [404]))
            .Add(Dotnet("payments", "Shop.Payments", [400, 402, 502]))
            .Add(Dotnet("shipping", "Shop.Shipping", [400, 422]))
            .Add(Dotnet("recommendations", "Shop.Recommendations"));
    }

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (users++ == 0)
            {
                var host = Create();
                try
                {
                    await host.StartAsync();
                    await WarmUpAsync(host);
                }
                catch
                {
                    await host.DisposeAsync();
                    throw;
                }

                shared = host;
            }
        }
        catch
        {
            users--;
            throw;
        }
        finally
        {
            Gate.Release();
        }
    }

    public async Task DisposeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (--users == 0 && shared is { } host)
            {
                shared = null;
                await host.DisposeAsync();
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task WarmUpAsync(ProcessHost host)
    {
        // The first requests load and compile every path of every process, so that no experiment pays for it.
        using var gateway = host.CreateClient("gateway");
        for (var attempt = 1; ; attempt++)
        {
            using var page = await gateway.GetAsync(new Uri("products/SKU-1001", UriKind.Relative));
            using var checkout = await gateway.PostAsJsonAsync("checkout", new CheckoutRequest("warm-up", "SKU-1002", 1, "NL"));
            if (page.IsSuccessStatusCode && checkout.IsSuccessStatusCode && (await page.Content.ReadFromJsonAsync<ProductPage>())!.Degraded.Count == 0)
            {
                return;
            }

            if (attempt == 5)
            {
                throw new InvalidOperationException($"The shop did not warm up: product page {(int)page.StatusCode}, checkout {(int)checkout.StatusCode}: {await checkout.Content.ReadAsStringAsync()}");
            }
        }
    }

    // The statuses the in-process services declare through endpoint metadata, which a proxy cannot read: per service,
    // where in-process they are per endpoint (inventory's reads declare 404, its reservations 400, 404 and 409).
    private static ProcessService Dotnet(string name, string assembly, IReadOnlyList<int>? statusCodes = null)
    {
        var service = ProcessService.DotnetAssembly(name, Path.Combine(AppContext.BaseDirectory, assembly + ".dll"));
        service.StatusCodes = statusCodes;
        service.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        return service;
    }
}

/// <summary>Checkout's tests, one after the other (they read and write the same charges).</summary>
[CollectionDefinition(Checkout)]
public sealed class ShopProcessesCollection : ICollectionFixture<ShopProcesses>
{
    public const string Checkout = "shop processes: checkout";
    public const string ProductPage = "shop processes: product page";
}

/// <summary>The product page's tests, beside checkout's.</summary>
[CollectionDefinition(ShopProcessesCollection.ProductPage)]
public sealed class ProductPageCollection : ICollectionFixture<ShopProcesses>;
