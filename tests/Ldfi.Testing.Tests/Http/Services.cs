using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly;

namespace Ldfi.Testing.Tests.Http;

/// <summary>
/// Three real ASP.NET Core services on TestServer: front → back → store. Front reads an item from back with one retry;
/// back declares 404 for missing items and enriches from store, ignoring store's failures.
/// </summary>
public sealed class Services : IAsyncDisposable
{
    private readonly List<WebApplication> apps = [];

    private Services()
    {
    }

    public ConcurrentBag<string> HeadersSeenByBack { get; } = [];

    private int backServed;

    public int BackServed => backServed;

    public HttpClient Client { get; private set; } = null!;

    public static async Task<Services> StartAsync(TimeSpan? frontTimeout = null)
    {
        var s = new Services();
        var store = await s.StartAsync("store", null, app => app.MapGet("/tags/{id}", (int id) => $"tag{id}"));
        var back = await s.StartAsync("back", services => services.AddHttpClient("store", c => c.BaseAddress = new Uri("http://store/"))
            .ConfigurePrimaryHttpMessageHandler(() => store.GetTestServer().CreateHandler()), app =>
        {
            app.MapGet("/items/{id}", async (int id, IHttpClientFactory factory, HttpContext context) =>
            {
                Interlocked.Increment(ref s.backServed);
                s.HeadersSeenByBack.Add(string.Join(",", context.Request.Headers.Keys.Where(k => k.StartsWith("Ldfi", StringComparison.Ordinal))));
                if (id == 0)
                {
                    return Results.NotFound();
                }

                string tag;
                try
                {
                    tag = await factory.CreateClient("store").GetStringAsync(new Uri($"tags/{id}", UriKind.Relative));
                }
                catch (HttpRequestException)
                {
                    tag = "none";
                }

                return Results.Ok($"item{id}:{tag}");
            }).Produces<string>().Produces(404);
        });
        var front = await s.StartAsync("front", services => services.AddHttpClient("back", c =>
        {
            c.BaseAddress = new Uri("http://back/");
            c.Timeout = frontTimeout ?? TimeSpan.FromSeconds(100);
        })
            .ConfigurePrimaryHttpMessageHandler(() => back.GetTestServer().CreateHandler())
            .AddResilienceHandler("retry", b => b.AddRetry(new Microsoft.Extensions.Http.Resilience.HttpRetryStrategyOptions { MaxRetryAttempts = 1, Delay = TimeSpan.Zero })), app =>
        {
            app.MapGet("/page/{id}", async (int id, IHttpClientFactory factory) =>
            {
                var response = await factory.CreateClient("back").GetAsync(new Uri($"items/{id}", UriKind.Relative));
                return response.IsSuccessStatusCode ? Results.Ok(await response.Content.ReadAsStringAsync()) : Results.StatusCode(502);
            });
        });
        s.Client = new HttpClient(new ExperimentPropagationHandler(front.GetTestServer().CreateHandler())) { BaseAddress = new Uri("http://front/") };
        return s;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        foreach (var app in apps)
        {
            await app.DisposeAsync();
        }
    }

    private async Task<WebApplication> StartAsync(string name, Action<IServiceCollection>? services, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        builder.Services.AddFaultInjection(name);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        apps.Add(app);
        return app;
    }
}
