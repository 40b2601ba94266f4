using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Ldfi.Testing;
using Ldfi.Testing.Aspire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop.Contracts;
using Xunit.Abstractions;

namespace Processes.AspireTests;

/// <summary>
/// The checkout half of the shop as an Aspire app host (DCP starts the four .NET projects as processes, no Docker),
/// with a fault proxy in front of each resource: the calls are named and nested as in-process, and the faults reach
/// the real resilience handlers of the orders process.
/// </summary>
public sealed class AppHostTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_app_hosts_resources_are_call_sites_with_their_in_process_names_and_take_injected_errors()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Processes_AppHost>([], (options, _) => options.DisableDashboard = true, timeout.Token);
        builder.Services.AddLogging(logging => logging.AddFilter("Processes.AppHost.Resources", LogLevel.Warning));
        await using var proxies = AspireFaultProxies.Add(builder, "orders", "payments", "inventory", "shipping");
        await using var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        foreach (var name in new[] { "orders", "payments", "inventory", "shipping" })
        {
            await app.ResourceNotifications.WaitForResourceAsync(name, KnownResourceStates.Running, timeout.Token);
        }

        await proxies.StartAsync(app, timeout.Token);
        using var orders = proxies.CreateClient("orders");
        using var payments = proxies.CreateClient("payments");
        await WarmUpAsync(orders, timeout.Token);

        var result = await FaultExplorer.ExploreAsync(
            async ct =>
            {
                var customer = $"cust-{Guid.NewGuid():N}";
                using var response = await orders.PostAsJsonAsync("orders", new CheckoutRequest(customer, "SKU-1001", 1, "NL"), ct);
                var charges = (await payments.GetFromJsonAsync<List<Charge>>($"charges?customerId={customer}", ct))!;
                Assert.True(charges.Count <= 1, $"Charged {charges.Count} times (orders answered {(int)response.StatusCode}).");
            },
            new ExplorationOptions { MaxFaults = 1, Faults = FaultKind.Error },
            timeout.Token);

        output.WriteLine(result.Summary);
        Assert.Equal(Verdict.Tolerant, result.Verdict);
        Assert.Equal(
            ["orders → inventory POST /reservations #1", "orders → payments POST /charges #1", "orders → shipping POST /quotes #1"],
            result.Runs[0].Calls.Select(c => c.Site.ToString()).Order());

        // An Error on the first charge is retried by the standard resilience handler inside the orders process.
        Assert.Contains(result.CallSites, s => s.ToString() == "orders → payments POST /charges #2");
        Assert.Contains(result.Runs, r => r.Injected.Any(f => f.Kind == FaultKind.Error && f.Site.ToString() == "orders → payments POST /charges #1"));
    }

    private static async Task WarmUpAsync(HttpClient orders, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await orders.PostAsJsonAsync("orders", new CheckoutRequest("warm-up", "SKU-1002", 1, "NL"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (attempt < 50)
            {
                // Still starting.
            }

            await Task.Delay(200, cancellationToken);
        }
    }
}
