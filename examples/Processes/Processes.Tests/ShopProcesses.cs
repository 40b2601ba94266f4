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
    public ProcessHost Host { get; } = Create();

    public static ProcessHost Create()
    {
        var gateway = new ProcessService("gateway", "node", Path.Combine(AppContext.BaseDirectory, "gateway", "server.js")) { HealthPath = "/health" };
        return new ProcessHost()
            .Add(gateway)
            .Add(Dotnet("orders", "Shop.Orders", [400, 402, 404, 409, 503]))
            .Add(Dotnet("inventory", "Shop.Inventory"))
            .Add(Dotnet("inventory-replica", "Shop.Inventory"))
            .Add(Dotnet("payments", "Shop.Payments", [400, 402, 502]))
            .Add(Dotnet("shipping", "Shop.Shipping", [400, 422]))
            .Add(Dotnet("recommendations", "Shop.Recommendations"));
    }

    public async Task InitializeAsync()
    {
        await Host.StartAsync();

        // The first requests load and compile every path of every process, so that no experiment pays for it.
        using var gateway = Host.CreateClient("gateway");
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

    public async Task DisposeAsync() => await Host.DisposeAsync();

    // The statuses the in-process services declare through endpoint metadata, which a proxy cannot read.
    private static ProcessService Dotnet(string name, string assembly, IReadOnlyList<int>? statusCodes = null)
    {
        var service = ProcessService.DotnetAssembly(name, Path.Combine(AppContext.BaseDirectory, assembly + ".dll"));
        service.StatusCodes = statusCodes;
        service.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        return service;
    }
}

[CollectionDefinition(Name)]
public sealed class ShopProcessesCollection : ICollectionFixture<ShopProcesses>
{
    public const string Name = "shop processes";
}
