using Portfolio.Api;

var builder = WebApplication.CreateBuilder(args);

// Two downstream services through named IHttpClientFactory clients, their addresses from configuration
// (Services:Coins, Services:Rates). In the tests they are WireMock.Net stubs on random localhost ports.
builder.Services.AddHttpClient("svc-coins", (sp, http) =>
{
    http.BaseAddress = new Uri(sp.GetRequiredService<IConfiguration>()["Services:Coins"] ?? "http://localhost:5101/");
    http.Timeout = TimeSpan.FromSeconds(2);
});
builder.Services.AddHttpClient("svc-rates", (sp, http) =>
{
    http.BaseAddress = new Uri(sp.GetRequiredService<IConfiguration>()["Services:Rates"] ?? "http://localhost:5102/");
    http.Timeout = TimeSpan.FromSeconds(1);
});

var app = builder.Build();

app.MapGet("/portfolios/{owner}", async (string owner, IHttpClientFactory clients, CancellationToken cancellationToken) =>
{
    // The holdings are essential, and read once: no retry, no fallback. A single failed call fails the request.
    var holdings = await clients.CreateClient("svc-coins").GetFromJsonAsync<Holding[]>($"holdings/{owner}", cancellationToken) ?? [];

    // The exchange rate is optional: without it the value is shown in US dollars.
    var (currency, rate) = ("USD", 1m);
    try
    {
        var eur = await clients.CreateClient("svc-rates").GetFromJsonAsync<Rate>("rates/usd/eur", cancellationToken);
        (currency, rate) = ("EUR", eur!.Value);
    }
    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
    {
    }

    return Results.Ok(new PortfolioValue(owner, currency, holdings.Sum(h => h.Amount * h.PriceUsd) * rate));
});

app.Run();
