using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Ldfi.Testing.Tests.Http;

/// <summary>The same instrumentation over real sockets: two Kestrel services on loopback.</summary>
public sealed class KestrelTests
{
    [Fact]
    public async Task Attribution_and_injection_work_over_loopback_sockets()
    {
        await using var back = await StartAsync("back", null, app => app.MapGet("/stock/{sku}", (string sku) => Results.Ok(3)));
        var backUrl = Url(back);
        await using var front = await StartAsync("front", s => s.AddHttpClient("back", c => c.BaseAddress = new Uri(backUrl)), app =>
            app.MapGet("/page", async (IHttpClientFactory f) =>
            {
                try
                {
                    return Results.Ok(await f.CreateClient("back").GetStringAsync(new Uri("stock/sku-42", UriKind.Relative)));
                }
                catch (HttpRequestException)
                {
                    return Results.Ok("unknown");
                }
            }));
        using var client = new HttpClient(new ExperimentPropagationHandler(new SocketsHttpHandler())) { BaseAddress = new Uri(Url(front)) };

        var result = await FaultExplorer.ExploreAsync(
            async ct =>
            {
                using var response = await client.GetAsync(new Uri("page", UriKind.Relative), ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            },
            new ExplorationOptions { Faults = FaultKind.Error });

        Assert.Equal(Verdict.Tolerant, result.Verdict);
        var call = Assert.Single(result.Baseline.Calls);
        // Named by its client, not by its random port: the same identity on every run.
        Assert.Equal(("front", "back", "GET /stock/sku-42"), (call.Site.Caller, call.Site.Callee, call.Site.Operation));
        Assert.Contains(result.Runs, r => r.Injected.Count == 1 && r.Passed);
    }

    private static string Url(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";

    private static async Task<WebApplication> StartAsync(string name, Action<IServiceCollection>? services, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        builder.Services.AddFaultInjection(name);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }
}
