using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ldfi.Testing.Tests.Http;

/// <summary>How callees are named: host names as they are, addresses by their client, never a port.</summary>
public sealed class CalleeNamingTests
{
    [Theory]
    [InlineData("http://payments/charges", null, "payments")]
    [InlineData("http://payments/charges", "svc-payments", "payments")] // a host name wins: the ServiceMesh routes by it
    [InlineData("https://api.example.com:8443/v1", "svc-api", "api.example.com")]
    [InlineData("http://localhost:34925/coins", "svc-coins", "svc-coins")]
    [InlineData("http://127.0.0.1:34925/coins", "svc-coins", "svc-coins")]
    [InlineData("http://[::1]:34925/coins", "svc-coins", "svc-coins")]
    [InlineData("http://10.1.2.3:8080/coins", "svc-coins", "svc-coins")]
    [InlineData("http://localhost:34925/coins", null, "localhost")]
    [InlineData("http://127.0.0.1:34925/coins", "", "localhost")] // the factory's default client has an empty name
    [InlineData("http://[::1]/coins", null, "localhost")]
    [InlineData("http://10.1.2.3:8080/coins", null, "10.1.2.3")]
    [InlineData("coins", "svc-coins", "svc-coins")]
    [InlineData("coins", null, "unknown")]
    public void Default_names(string uri, string? client, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(uri, UriKind.RelativeOrAbsolute));

        Assert.Equal(expected, FaultInjectionHandler.DefaultCalleeName(request, client));
    }

    [Fact]
    public async Task A_named_client_on_loopback_names_its_callee_whatever_the_port()
    {
        var callees = new List<string>();
        foreach (var port in new[] { 34925, 41017 })
        {
            callees.Add(await CalleeOfOneCallAsync(
                services => services.AddHttpClient("svc-coins", c => c.BaseAddress = new Uri($"http://127.0.0.1:{port}/")),
                provider => provider.GetRequiredService<IHttpClientFactory>().CreateClient("svc-coins")));
        }

        Assert.Equal(["svc-coins", "svc-coins"], callees);
    }

    [Fact]
    public async Task A_typed_client_on_loopback_is_named_by_the_name_the_factory_gives_it()
    {
        var callee = await CalleeOfOneCallAsync(
            services => services.AddHttpClient<CoinsClient>(c => c.BaseAddress = new Uri("http://localhost:34925/")),
            provider => provider.GetRequiredService<CoinsClient>().Http);

        Assert.Equal(nameof(CoinsClient), callee);
    }

    [Fact]
    public async Task CalleeName_in_the_options_wins_over_the_client_name()
    {
        var callee = await CalleeOfOneCallAsync(
            services => services.AddHttpClient("svc-coins", c => c.BaseAddress = new Uri("http://127.0.0.1:34925/")),
            provider => provider.GetRequiredService<IHttpClientFactory>().CreateClient("svc-coins"),
            options => options.CalleeName = _ => "coins");

        Assert.Equal("coins", callee);
    }

    [Fact]
    public async Task A_host_name_stays_the_callee_of_a_named_client()
    {
        var callee = await CalleeOfOneCallAsync(
            services => services.AddHttpClient("svc-payments", c => c.BaseAddress = new Uri("http://payments/")),
            provider => provider.GetRequiredService<IHttpClientFactory>().CreateClient("svc-payments"));

        Assert.Equal("payments", callee);
    }

    [Fact]
    public async Task A_hand_made_handler_on_loopback_names_the_callee_localhost_without_its_port()
    {
        using var client = new HttpClient(new FaultInjectionHandler("worker", new Answer200())) { BaseAddress = new Uri("http://127.0.0.1:34925/") };

        var result = await FaultExplorer.ExploreAsync(async ct => (await client.GetAsync(new Uri("coins", UriKind.Relative), ct)).Dispose(), new ExplorationOptions { MaxFaults = 1, Faults = FaultKind.Error });

        Assert.Equal("worker>localhost GET /coins#1", Assert.Single(result.Baseline.Calls).Site.Id);
    }

    private static async Task<string> CalleeOfOneCallAsync(Action<IServiceCollection> register, Func<IServiceProvider, HttpClient> create, Action<FaultInjectionOptions>? configure = null)
    {
        var services = new ServiceCollection();
        register(services);
        services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => new Answer200()));
        services.AddFaultInjection("bridge", configure);
        await using var provider = services.BuildServiceProvider();
        using var client = create(provider);

        var result = await FaultExplorer.ExploreAsync(
            async ct => (await client.GetAsync(new Uri("coins", UriKind.Relative), ct)).Dispose(),
            new ExplorationOptions { MaxFaults = 1, Faults = FaultKind.Error });

        var call = Assert.Single(result.Baseline.Calls);
        Assert.Equal(("bridge", "GET /coins"), (call.Site.Caller, call.Site.Operation));
        return call.Site.Callee;
    }

    /// <summary>The transport: answers 200 without a network, so that only the naming is under test.</summary>
    private sealed class Answer200 : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request });
    }

    private sealed class CoinsClient(HttpClient http)
    {
        public HttpClient Http { get; } = http;
    }
}
