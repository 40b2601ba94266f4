using System.Net;
using System.Net.Http.Json;
using Ldfi.Testing;
using Ldfi.Testing.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Shop.Contracts;
using Shop.Gateway;
using Shop.Inventory;
using Shop.Orders;
using Shop.Payments;
using Shop.Recommendations;
using Shop.Shipping;

namespace Shop.Tests;

/// <summary>
/// A callee blocked synchronously (a database call inside it) cannot hold its caller past the caller's timeout: through
/// the mesh, as on a network, the caller gives up at its timeout and the callee's late answer is discarded (issue 23).
/// </summary>
public sealed class BlockedCalleeTests
{
    [Fact]
    public async Task A_hand_made_mesh_client_cancelled_by_the_test_returns_while_the_callee_is_still_blocked()
    {
        var blocked = new Gate();
        await using var mesh = new ServiceMesh().Add<InventoryService>("inventory", services => blocked.Install(services));
        await mesh.StartAsync();
        using var client = new HttpClient(mesh.CreateHandler());
        using var cancel = new CancellationTokenSource();

        var sending = client.GetAsync(new Uri("http://inventory/products/SKU-1001"), cancel.Token);
        Assert.True(blocked.Entered.Wait(TimeSpan.FromSeconds(30)), "the callee never started");
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        Assert.False(blocked.Left.IsSet, "the caller got its exception only once the callee was no longer blocked");
        blocked.Release.Set();
        Assert.True(blocked.Left.Wait(TimeSpan.FromSeconds(30)), "the callee's work never went on");
    }

    [Fact]
    public async Task A_catalog_read_held_synchronously_inside_inventory_ends_at_the_gateways_5_s_timeout_and_the_page_falls_back()
    {
        // The gateway reads the catalog with a 5 s attempt timeout (a Polly timeout on its TimeProvider); inside inventory
        // every catalog read first makes a synchronous ledger call, which a Delay holds on its thread with no timeout of
        // its own. The gateway must give up at 5 s and read the replica, as it would over a network.
        await using var mesh = new ServiceMesh(new ServiceMeshOptions { Configuration = { ["Resilience:AttemptTimeout"] = "00:00:05" } })
            .Add<GatewayService>("gateway")
            .Add<InventoryService>("inventory", Ledger.Install)
            .Add<InventoryService>("inventory-replica", Ledger.Install)
            .Add<RecommendationsService>("recommendations");
        await WarmUpAsync(mesh, "products/SKU-1003");

        var result = await FaultExplorer.ExploreAsync(
            async ct =>
            {
                using var gateway = mesh.CreateClient("gateway");
                using var response = await gateway.GetAsync(new Uri("products/SKU-1003", UriKind.Relative), ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            },
            new ExplorationOptions { MaxFaults = 1 });

        Assert.True(result.Verdict == Verdict.Tolerant, ExplorationReport.FailureMessage(result, "product page"));
        var held = Assert.Single(result.Runs.SelectMany(r => r.AllCalls), c => c is { Fault.Kind: FaultKind.Delay, Site: { Caller: "inventory", Callee: "ledger" } });
        Assert.Equal("gateway gave up on inventory (the total timeout (5 s) of gateway's client 'catalog-primary')", held.HoldEndedBy);
        Assert.Equal(TimeSpan.FromSeconds(5), held.HeldFor);
        var run = result.Runs.Single(r => r.AllCalls.Contains(held));
        Assert.True(run.Passed);
        Assert.Contains(run.AllCalls, c => c is { Site: { Caller: "gateway", Callee: "inventory-replica" }, Outcome: CallOutcome.Succeeded });
    }

    [Fact]
    public async Task A_hold_deep_in_a_three_service_chain_is_ended_by_the_front_timeout_due_first_and_the_report_names_it()
    {
        // gateway → orders → payments: the gateway waits 5 s for an order (its checkout timeout), orders waits 10 s per
        // payment attempt (the standard resilience handler at its defaults), and payments writes to its ledger
        // synchronously. A Delay on that write is ended, for the run, by the gateway's 5 s timeout, not by orders' 10 s.
        await using var mesh = new ServiceMesh(new ServiceMeshOptions { Configuration = { ["Resilience:CheckoutTimeout"] = "00:00:05" } })
            .Add<GatewayService>("gateway")
            .Add<OrdersService>("orders")
            .Add<InventoryService>("inventory")
            .Add<PaymentsService>("payments", Ledger.Install)
            .Add<ShippingService>("shipping");
        await WarmUpAsync(mesh, null);

        var result = await FaultExplorer.ExploreAsync(
            async ct =>
            {
                using var gateway = mesh.CreateClient("gateway");
                using var response = await gateway.PostAsJsonAsync("checkout", new CheckoutRequest("cust-chain", "SKU-1001", 1, "DE"), ct);
                // Placed, or a timely "check your orders" from the gateway: never a checkout that hangs.
                Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.GatewayTimeout });
            },
            new ExplorationOptions { MaxFaults = 1, Faults = FaultKind.Delay });

        Assert.True(result.Verdict == Verdict.Tolerant, ExplorationReport.FailureMessage(result, "checkout"));
        var held = Assert.Single(result.Runs.SelectMany(r => r.AllCalls), c => c is { Fault.Kind: FaultKind.Delay, Site: { Caller: "payments", Callee: "ledger" } });
        Assert.Equal("gateway gave up on orders (the total timeout (5 s) of gateway's client 'OrdersClient')", held.HoldEndedBy);
        Assert.Equal(TimeSpan.FromSeconds(5), held.HeldFor);
        var run = result.Runs.Single(r => r.AllCalls.Contains(held));
        Assert.True(run.Passed);
        Assert.Equal(TimeSpan.FromSeconds(5), run.VirtualDuration);
        Assert.DoesNotContain(run.AllCalls, c => c.HoldEndedBy?.Contains("10 s", StringComparison.Ordinal) == true);
    }

    private static async Task WarmUpAsync(ServiceMesh mesh, string? page)
    {
        await mesh.StartAsync();
        using var gateway = mesh.CreateClient("gateway");
        if (page is not null)
        {
            (await gateway.GetAsync(new Uri(page, UriKind.Relative))).Dispose();
        }
        else
        {
            (await gateway.PostAsJsonAsync("checkout", new CheckoutRequest("cust-warm", "SKU-1001", 1, "DE"))).Dispose();
        }
    }

    /// <summary>A synchronous write or read a service makes before serving a request (a database call), as a fault boundary.</summary>
    public interface ILedger
    {
        /// <summary>Checks the ledger, synchronously.</summary>
        void Check(string path);
    }

    private sealed class Ledger : ILedger
    {
        public static void Install(IServiceCollection services)
        {
            services.AddSingleton<ILedger, Ledger>();
            services.AddFaultBoundary<ILedger>("ledger");
            services.AddTransient<IStartupFilter>(_ => new Before(context =>
            {
                if (context.Request.Path.StartsWithSegments("/products") || context.Request.Path.StartsWithSegments("/charges"))
                {
                    context.RequestServices.GetRequiredService<ILedger>().Check(context.Request.Path);
                }
            }));
        }

        public void Check(string path)
        {
        }
    }

    /// <summary>Blocks every catalog read of the service it is installed in until the test releases it.</summary>
    private sealed class Gate
    {
        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public ManualResetEventSlim Left { get; } = new();

        public void Install(IServiceCollection services) => services.AddTransient<IStartupFilter>(_ => new Before(context =>
        {
            if (context.Request.Path.StartsWithSegments("/products"))
            {
                Entered.Set();
                Release.Wait(TimeSpan.FromSeconds(60));
                Left.Set();
            }
        }));
    }

    /// <summary>Runs a synchronous step before the service's own pipeline (after fault injection restored the experiment).</summary>
    private sealed class Before(Action<HttpContext> step) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                try
                {
                    step(context);
                }
                catch (Exception) when (!context.Response.HasStarted)
                {
                    // What a server does with an exception before the response started (the application's own error
                    // handling sits after this step).
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    return;
                }

                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
