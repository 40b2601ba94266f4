using System.Net;
using System.Net.Http.Json;
using Ldfi.Testing.Hosting;
using Streaming;

namespace Ldfi.Testing.Benchmarks;

/// <summary>
/// A Netflix-like home page (Streaming/Program.cs): the API gateway calls users (the standard resilience handler),
/// the catalog with a replica and a static fallback (each catalog calls artwork), recommendations with a static
/// fallback (calling ratings and history, both optional), and bookmarks (one retry), each with a timeout.
/// </summary>
internal sealed class StreamingHome(ServiceMesh mesh)
{
    public const string Expected = "Tolerant up to 3 faults";

    /// <summary>The real-time run's experiments: each Delay on users costs 10 s or more of real time.</summary>
    public const int RealTimeCap = 40;

    private const string User = "u-7";

    public static bool Check(ExplorationResult result) => result.Verdict == Verdict.Tolerant;

    public static ServiceMesh CreateMesh()
    {
        var mesh = new ServiceMesh();
        foreach (var (name, role) in new[]
        {
            ("api", "api"), ("users", "users"), ("catalog", "catalog"), ("catalog-replica", "catalog"), ("artwork", "artwork"),
            ("recommendations", "recommendations"), ("ratings", "ratings"), ("history", "history"), ("bookmarks", "bookmarks"),
        })
        {
            mesh.Add<StreamingService>(name, configuration: new() { ["Role"] = role });
        }

        return mesh;
    }

    public static async Task WarmUpAsync(ServiceMesh mesh)
    {
        await mesh.StartAsync();
        var home = new StreamingHome(mesh);
        for (var i = 0; i < 5; i++)
        {
            await home.HomePageRendersAsync(CancellationToken.None);
        }
    }

    public async Task HomePageRendersAsync(CancellationToken cancellationToken)
    {
        using var api = mesh.CreateClient("api");

        using var response = await api.GetAsync(new Uri($"home/{User}", UriKind.Relative), cancellationToken);

        Assertions.True(response.StatusCode == HttpStatusCode.OK, $"The home page answered {(int)response.StatusCode}.");
        var page = (await response.Content.ReadFromJsonAsync<HomePage>(cancellationToken))!;
        Assertions.True(page.Profile.UserId == User, $"The home page is for '{page.Profile.UserId}'.");
        Assertions.True(page.Rows.Count > 0 && page.Rows.All(r => r.Titles.Count > 0), "The home page has an empty row.");
        Assertions.True(page.ForYou.Count > 0, "Nothing is recommended.");
        var experiment = FaultInjection.Current;
        Assertions.True((experiment?.WasInjected() ?? false) || page.Degraded.Count == 0, $"Without a fault, the page was degraded: {string.Join(", ", page.Degraded)}.");
        Assertions.True((experiment?.WasInjected("users") ?? false) || page.Profile.Name == $"Member {User}", $"The profile was '{page.Profile.Name}' without a fault on users.");
    }
}
