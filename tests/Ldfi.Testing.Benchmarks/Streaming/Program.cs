using Microsoft.Extensions.Http.Resilience;
using Polly;
using Streaming;

// One application, one role per mesh service (configuration key Role). Timeouts and retries are production-sized:
// the standard resilience handler at its defaults (10 s per attempt, 30 s in all, three retries) for profiles, and
// Polly timeouts of 0.5 to 2 s elsewhere.
var builder = WebApplication.CreateBuilder(args);
var role = builder.Configuration["Role"] ?? throw new InvalidOperationException("Set the configuration key Role.");
builder.Services.AddProblemDetails();
var app = role switch
{
    "api" => Api.Build(builder),
    "catalog" => Catalog.Build(builder),
    "recommendations" => Recommendations.Build(builder),
    "edge" => Edge.Build(builder),
    _ => Leaf.Build(builder, role),
};
app.Run();

/// <summary>The API gateway: GET /home/{user} composes the home page from five services, each with a fallback.</summary>
internal static class Api
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        // A profile is worth waiting for: the standard handler, production defaults.
        builder.Services.AddHttpClient("users", c => c.BaseAddress = new Uri("http://users/")).AddStandardResilienceHandler();
        Timed(builder, "catalog", TimeSpan.FromSeconds(2));
        Timed(builder, "catalog-replica", TimeSpan.FromSeconds(2));
        Timed(builder, "recommendations", TimeSpan.FromSeconds(1));

        // Bookmarks: one retry after 200 ms, 1 s per attempt.
        builder.Services.AddHttpClient("bookmarks", c => c.BaseAddress = new Uri("http://bookmarks/"))
            .AddResilienceHandler("bookmarks", pipeline => pipeline
                .AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 1, Delay = TimeSpan.FromMilliseconds(200), BackoffType = DelayBackoffType.Constant, UseJitter = false })
                .AddTimeout(TimeSpan.FromSeconds(1)));
        var app = builder.Build();
        app.MapGet("/home/{user}", async (string user, IHttpClientFactory clients, CancellationToken cancellationToken) =>
        {
            var degraded = new List<string>();
            var profileTask = Fetch<Profile>(clients, "users", $"users/{user}", cancellationToken);
            var rowsTask = RowsAsync(clients, cancellationToken);
            var forYouTask = Fetch<List<Title>>(clients, "recommendations", $"recommendations/{user}", cancellationToken);
            var bookmarksTask = Fetch<List<string>>(clients, "bookmarks", $"bookmarks/{user}", cancellationToken);
            await Task.WhenAll(profileTask, rowsTask, forYouTask, bookmarksTask);

            var profile = await profileTask;
            if (profile is null)
            {
                degraded.Add("profile");
            }

            var (rows, rowsSource) = await rowsTask;
            if (rowsSource is not null)
            {
                degraded.Add(rowsSource);
            }

            var forYou = await forYouTask;
            if (forYou is null)
            {
                degraded.Add("for-you");
            }

            var bookmarks = await bookmarksTask;
            if (bookmarks is null)
            {
                degraded.Add("continue-watching");
            }

            return TypedResults.Ok(new HomePage(profile ?? new Profile(user, "Guest"), rows, forYou ?? Popular, bookmarks ?? [], degraded));
        });
        return app;
    }

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

    private static void Timed(WebApplicationBuilder builder, string name, TimeSpan timeout) =>
        builder.Services.AddHttpClient(name, c => c.BaseAddress = new Uri($"http://{name}/"))
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
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.Services.AddHttpClient("artwork", c => c.BaseAddress = new Uri("http://artwork/"))
            .AddResilienceHandler("artwork", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(1)));
        var app = builder.Build();
        app.MapGet("/rows", async (IHttpClientFactory clients, CancellationToken cancellationToken) =>
        {
            var artwork = await Api.Fetch<Dictionary<string, string>>(clients, "artwork", "artwork", cancellationToken) ?? [];
            Title Make(string id, string name) => new(id, name, artwork.GetValueOrDefault(id));
            return TypedResults.Ok(new List<Row> { new("New releases", [Make("t-10", "Ten"), Make("t-11", "Eleven")]), new("Documentaries", [Make("t-20", "Twenty")]) });
        })
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }
}

/// <summary>Recommendations: suggestions from the member's history, ranked by predicted ratings; either input is optional (500 ms each).</summary>
internal static class Recommendations
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        foreach (var name in new[] { "ratings", "history" })
        {
            builder.Services.AddHttpClient(name, c => c.BaseAddress = new Uri($"http://{name}/"))
                .AddResilienceHandler(name, pipeline => pipeline.AddTimeout(TimeSpan.FromMilliseconds(500)));
        }

        var app = builder.Build();
        app.MapGet("/recommendations/{user}", async (string user, IHttpClientFactory clients, CancellationToken cancellationToken) =>
        {
            var ratingsTask = Api.Fetch<Dictionary<string, double>>(clients, "ratings", $"ratings/{user}", cancellationToken);
            var historyTask = Api.Fetch<List<string>>(clients, "history", $"history/{user}", cancellationToken);
            await Task.WhenAll(ratingsTask, historyTask);
            var ratings = await ratingsTask ?? [];
            var seen = await historyTask ?? [];
            return TypedResults.Ok(new[] { "t-30", "t-31", "t-32" }
                .Where(t => !seen.Contains(t))
                .OrderByDescending(t => ratings.GetValueOrDefault(t, 3.0))
                .Select(t => new Title(t, $"Title {t}", null))
                .ToList());
        })
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }
}

/// <summary>The hang benchmark's caller: a factory client with no timeout at all and no resilience handler.</summary>
internal static class Edge
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.Services.AddHttpClient("origin", c =>
        {
            c.BaseAddress = new Uri("http://origin/");
            c.Timeout = Timeout.InfiniteTimeSpan;
        });
        var app = builder.Build();
        app.MapGet("/page", async (IHttpClientFactory clients, CancellationToken cancellationToken) =>
            TypedResults.Text(await clients.CreateClient("origin").GetStringAsync(new Uri("content", UriKind.Relative), cancellationToken)));
        return app;
    }
}

/// <summary>The leaf services: users, artwork, ratings, history, bookmarks, origin.</summary>
internal static class Leaf
{
    public static WebApplication Build(WebApplicationBuilder builder, string role)
    {
        var app = builder.Build();
        var endpoint = role switch
        {
            "users" => app.MapGet("/users/{user}", (string user) => TypedResults.Ok(new Profile(user, $"Member {user}"))),
            "artwork" => app.MapGet("/artwork", () => TypedResults.Ok(new Dictionary<string, string> { ["t-10"] = "ten.jpg", ["t-20"] = "twenty.jpg" })),
            "ratings" => app.MapGet("/ratings/{user}", (string user) => TypedResults.Ok(new Dictionary<string, double> { ["t-31"] = 4.5, ["t-32"] = user.Length })),
            "history" => app.MapGet("/history/{user}", (string user) => TypedResults.Ok(new List<string> { "t-30" })),
            "bookmarks" => app.MapGet("/bookmarks/{user}", (string user) => TypedResults.Ok(new List<string> { $"{user}: t-11 at 42:10" })),
            "origin" => app.MapGet("/content", () => "hello"),
            _ => throw new InvalidOperationException($"Unknown role '{role}'."),
        };

        // One declared error status: Status faults try 503 only (besides Error and Delay).
        endpoint.ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }
}
