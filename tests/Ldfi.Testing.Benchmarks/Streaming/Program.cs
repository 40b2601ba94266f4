using Microsoft.Extensions.Http.Resilience;
using Polly;
using Streaming;

// One application added to the mesh once per service name; every instance registers every client and maps every
// endpoint (configuration a mesh gives a service only applies once the builder is built, too late to choose between
// roles), and each is only sent the requests for its own. Timeouts and retries are production-sized: the standard
// resilience handler at its defaults (10 s per attempt, 30 s in all, three retries) for profiles, and Polly timeouts of
// 0.5 to 2 s elsewhere.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddProblemDetails();
Api.AddClients(builder.Services);
Catalog.AddClients(builder.Services);
Recommendations.AddClients(builder.Services);
Edge.AddClients(builder.Services);
var app = builder.Build();
Api.Map(app);
Catalog.Map(app);
Recommendations.Map(app);
Edge.Map(app);
Leaf.Map(app);
app.Run();

/// <summary>The API gateway: GET /home/{user} composes the home page from four services (and their two), each with a fallback.</summary>
internal static class Api
{
    public static void AddClients(IServiceCollection services)
    {
        // A profile is worth waiting for: the standard handler, production defaults. Its circuit breaker keeps state
        // between requests; inside an exploration every experiment gets its own instance of the pipeline.
        services.AddHttpClient("users", c => c.BaseAddress = new Uri("http://users/")).AddStandardResilienceHandler();
        Timed(services, "catalog", TimeSpan.FromSeconds(2));
        Timed(services, "catalog-replica", TimeSpan.FromSeconds(2));
        Timed(services, "recommendations", TimeSpan.FromSeconds(1));

        // Bookmarks: one retry after 200 ms, 1 s per attempt.
        services.AddHttpClient("bookmarks", c => c.BaseAddress = new Uri("http://bookmarks/"))
            .AddResilienceHandler("bookmarks", pipeline => pipeline
                .AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 1, Delay = TimeSpan.FromMilliseconds(200), BackoffType = DelayBackoffType.Constant, UseJitter = false })
                .AddTimeout(TimeSpan.FromSeconds(1)));
    }

    public static void Map(WebApplication app) =>
        app.MapGet("/home/{user}", async (string user, IHttpClientFactory clients, CancellationToken cancellationToken) =>
        {
            var degraded = new List<string>();

            // The profile first: recommendations and bookmarks are personal, so a guest (no profile) gets neither.
            var rowsTask = RowsAsync(clients, cancellationToken);
            var profile = await Fetch<Profile>(clients, "users", $"users/{user}", cancellationToken);
            if (profile is null)
            {
                degraded.Add("profile");
            }

            var forYouTask = profile is null ? Task.FromResult<List<Title>?>(null) : Fetch<List<Title>>(clients, "recommendations", $"recommendations/{user}", cancellationToken);
            var bookmarksTask = profile is null ? Task.FromResult<List<string>?>(null) : Fetch<List<string>>(clients, "bookmarks", $"bookmarks/{user}", cancellationToken);
            await Task.WhenAll(rowsTask, forYouTask, bookmarksTask);

            var (rows, rowsSource) = await rowsTask;
            if (rowsSource is not null)
            {
                degraded.Add(rowsSource);
            }

            var forYou = await forYouTask;
            if (forYou is null && profile is not null)
            {
                degraded.Add("for-you");
            }

            var bookmarks = await bookmarksTask;
            if (bookmarks is null && profile is not null)
            {
                degraded.Add("continue-watching");
            }

            return TypedResults.Ok(new HomePage(profile ?? new Profile(user, "Guest"), rows, forYou ?? Popular, bookmarks ?? [], degraded));
        });

    private static readonly List<Title> Popular = [new("t-1", "Popular one", null), new("t-2", "Popular two", null)];

    private static readonly List<Row> Trending = [new("Trending (cached)", Popular)];

    // The catalog's primary, then its replica, then a static row.
    private static async Task<(IReadOnlyList<Row> Rows, string? Degraded)> RowsAsync(IHttpClientFactory clients, CancellationToken cancellationToken)
    {
        if (await Fetch<List<Row>>(clients, "catalog", "rows", cancellationToken) is { } primary)
        {
            return (primary, null);
        }

        return await Fetch<List<Row>>(clients, "catalog-replica", "rows", cancellationToken) is { } replica
            ? (replica, "catalog-replica")
            : (Trending, "catalog-static");
    }

    private static void Timed(IServiceCollection services, string name, TimeSpan timeout) =>
        services.AddHttpClient(name, c => c.BaseAddress = new Uri($"http://{name}/"))
            .AddResilienceHandler(name, pipeline => pipeline.AddTimeout(timeout));

    internal static async Task<T?> Fetch<T>(IHttpClientFactory clients, string client, string path, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            using var response = await clients.CreateClient(client).GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<T>(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }
}

/// <summary>The catalog (primary and replica): rows of titles, decorated with artwork when the artwork service answers within 1 s.</summary>
internal static class Catalog
{
    public static void AddClients(IServiceCollection services) =>
        services.AddHttpClient("artwork", c => c.BaseAddress = new Uri("http://artwork/"))
            .AddResilienceHandler("artwork", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(1)));

    public static void Map(WebApplication app) =>
        app.MapGet("/rows", async (IHttpClientFactory clients, CancellationToken cancellationToken) =>
        {
            var artwork = await Api.Fetch<Dictionary<string, string>>(clients, "artwork", "artwork", cancellationToken) ?? [];
            Title Make(string id, string name) => new(id, name, artwork.GetValueOrDefault(id));
            return TypedResults.Ok(new List<Row> { new("New releases", [Make("t-10", "Ten"), Make("t-11", "Eleven")]), new("Documentaries", [Make("t-20", "Twenty")]) });
        })
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}

/// <summary>Recommendations: suggestions ranked by the member's predicted ratings, which are optional (500 ms).</summary>
internal static class Recommendations
{
    public static void AddClients(IServiceCollection services)
    {
        services.AddHttpClient("ratings", c => c.BaseAddress = new Uri("http://ratings/"))
            .AddResilienceHandler("ratings", pipeline => pipeline.AddTimeout(TimeSpan.FromMilliseconds(500)));

    }

    public static void Map(WebApplication app) =>
        app.MapGet("/recommendations/{user}", async (string user, IHttpClientFactory clients, CancellationToken cancellationToken) =>
        {
            var ratings = await Api.Fetch<Dictionary<string, double>>(clients, "ratings", $"ratings/{user}", cancellationToken) ?? [];
            return TypedResults.Ok(new[] { "t-30", "t-31", "t-32" }
                .OrderByDescending(t => ratings.GetValueOrDefault(t, 3.0))
                .Select(t => new Title(t, $"Title {t}", null))
                .ToList());
        })
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}

/// <summary>The hang benchmark's caller: a factory client with no timeout at all and no resilience handler.</summary>
internal static class Edge
{
    public static void AddClients(IServiceCollection services) =>
        services.AddHttpClient("origin", c =>
        {
            c.BaseAddress = new Uri("http://origin/");
            c.Timeout = Timeout.InfiniteTimeSpan;
        });

    public static void Map(WebApplication app) =>
        app.MapGet("/page", async (IHttpClientFactory clients, CancellationToken cancellationToken) =>
            TypedResults.Text(await clients.CreateClient("origin").GetStringAsync(new Uri("content", UriKind.Relative), cancellationToken)));
}

/// <summary>The leaf services: users, artwork, ratings, bookmarks, origin; each declares one error status, 503 (so Status faults try 503 only).</summary>
internal static class Leaf
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/users/{user}", (string user) => TypedResults.Ok(new Profile(user, $"Member {user}"))).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/artwork", () => TypedResults.Ok(new Dictionary<string, string> { ["t-10"] = "ten.jpg", ["t-20"] = "twenty.jpg" })).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/ratings/{user}", (string user) => TypedResults.Ok(new Dictionary<string, double> { ["t-31"] = 4.5, ["t-32"] = user.Length })).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/bookmarks/{user}", (string user) => TypedResults.Ok(new List<string> { $"{user}: t-11 at 42:10" })).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/content", () => "hello");
    }
}
