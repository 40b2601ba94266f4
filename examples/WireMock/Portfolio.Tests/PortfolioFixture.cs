using Ldfi.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Api;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Portfolio.Tests;

/// <summary>
/// The portfolio service in process (<see cref="WebApplicationFactory{TEntryPoint}"/>), instrumented as <c>portfolio</c>,
/// with its two downstream services stubbed by in-process WireMock.Net servers on ports chosen at random: a new pair of
/// ports for every fixture, so for every test run.
/// </summary>
public sealed class PortfolioFixture : IAsyncLifetime, IAsyncDisposable, IDisposable
{
    private readonly WebApplicationFactory<PortfolioService> factory;

    public PortfolioFixture()
    {
        Coins = WireMockServer.Start();
        Coins.Given(Request.Create().WithPath("/holdings/alice").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(new[] { new Holding("BTC", 0.5m, 60_000m), new Holding("ETH", 4m, 3_000m) }));
        Rates = WireMockServer.Start();
        Rates.Given(Request.Create().WithPath("/rates/usd/eur").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(new Rate("USD", "EUR", 0.9m)));

        factory = new WebApplicationFactory<PortfolioService>().WithWebHostBuilder(web => web
            .UseSetting("Services:Coins", Coins.Url)
            .UseSetting("Services:Rates", Rates.Url)
            .ConfigureTestServices(services => services.AddFaultInjection("portfolio")));
    }

    /// <summary>Gets the coins service's stub (<c>svc-coins</c>).</summary>
    public WireMockServer Coins { get; }

    /// <summary>Gets the rates service's stub (<c>svc-rates</c>).</summary>
    public WireMockServer Rates { get; }

    /// <summary>
    /// Starts the service and warms it up with one request, outside any experiment (it passes through untouched): a
    /// cold start inside the baseline would eat into the clients' 1–2 s timeouts.
    /// </summary>
    public async Task InitializeAsync()
    {
        using var client = CreateClient();
        (await client.GetAsync(new Uri("portfolios/alice", UriKind.Relative))).Dispose();
    }

    /// <summary>A client for the test itself: it carries the running experiment to the service, and is no call site.</summary>
    public HttpClient CreateClient() => factory.CreateDefaultClient(new ExperimentPropagationHandler());

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        await factory.DisposeAsync();
        Coins.Stop();
        Rates.Stop();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}

[CollectionDefinition(Name)]
public sealed class PortfolioCollection : ICollectionFixture<PortfolioFixture>
{
    /// <summary>The collection's name: the demo and the test that runs it share the remembered failure, so never in parallel.</summary>
    public const string Name = "Portfolio";
}
