using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ldfi.Testing.Tests.Verdicts;

/// <summary>
/// Real ASP.NET Core services on TestServer, each instrumented with <c>AddFaultInjection(name)</c>, reachable from one
/// another by name through IHttpClientFactory clients (<see cref="To"/>) and from the test through
/// <see cref="Client"/> (an <see cref="ExperimentPropagationHandler"/> client, as <c>ServiceMesh.CreateClient</c> makes).
/// </summary>
internal sealed class Apps : IAsyncDisposable
{
    private readonly Dictionary<string, WebApplication> byName = new(StringComparer.Ordinal);
    private readonly List<HttpClient> clients = [];

    /// <summary>Starts a service; services it calls must be started first.</summary>
    public async Task<Apps> StartAsync(string name, Action<IServiceCollection>? services, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        builder.Services.AddFaultInjection(name);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        byName[name] = app;
        return this;
    }

    /// <summary>A named factory client of the calling service that reaches <paramref name="callee"/> in-process.</summary>
    public IHttpClientBuilder To(IServiceCollection services, string callee, Action<HttpClient>? configure = null) =>
        services.AddHttpClient(callee, c =>
        {
            c.BaseAddress = new Uri($"http://{callee}/");
            configure?.Invoke(c);
        }).ConfigurePrimaryHttpMessageHandler(() => byName[callee].GetTestServer().CreateHandler());

    /// <summary>A started service's services.</summary>
    public IServiceProvider Services(string name) => byName[name].Services;

    /// <summary>The test's own client to a service: it carries the experiment and is no call site.</summary>
    public HttpClient Client(string name)
    {
        var client = new HttpClient(new ExperimentPropagationHandler(byName[name].GetTestServer().CreateHandler())) { BaseAddress = new Uri($"http://{name}/") };
        clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }

        foreach (var app in byName.Values)
        {
            await app.DisposeAsync();
        }
    }
}
