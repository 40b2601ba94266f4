using System.Net;
using System.Net.Http.Json;
using Ldfi.Testing.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Streaming;

namespace Ldfi.Testing.Benchmarks;

/// <summary>
/// A Netflix-like home page (Streaming/Program.cs): the API gateway calls users (the standard resilience handler),
/// the catalog with a replica and a static fallback (each catalog calls artwork), recommendations with a static
/// fallback (calling ratings, optional), and bookmarks (one retry), each with a timeout; recommendations and bookmarks
/// only for a known member (a failed profile read gives the guest page).
/// </summary>
internal sealed class StreamingHome(ServiceMesh mesh)
{
    public const string Expected = "Tolerant up to 3 faults";

    /// <summary>The real-time run's experiments: each Delay on users costs 10 s or more of real time.</summary>
    public const int RealTimeCap = 40;

    /// <summary>
    /// Error and Delay: every caller here treats an error status like a lost request (the standard handler retries both),
    /// and Status as a third value per call site triples the 3-fault sets (1,000 experiments did not finish the search).
    /// </summary>
    public const FaultKind Faults = FaultKind.Error | FaultKind.Delay;

    private const string User = "u-7";

    public static bool Check(ExplorationResult result) => result.Verdict == Verdict.Tolerant;

    public static ServiceMesh CreateMesh()
    {
        var mesh = new ServiceMesh();
        foreach (var name in new[] { "api", "users", "catalog", "catalog-replica", "artwork", "recommendations", "ratings", "bookmarks" })
        {
            mesh.Add<StreamingService>(name);
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
        Assertions.True(page.Profile.Name != "Guest" || page.ContinueWatching.Count == 0, "A guest was shown bookmarks.");
        var experiment = FaultInjection.Current;
        Assertions.True((experiment?.WasInjected() ?? false) || page.Degraded.Count == 0, $"Without a fault, the page was degraded: {string.Join(", ", page.Degraded)}.");
        Assertions.True((experiment?.WasInjected("users") ?? false) || page.Profile.Name == $"Member {User}", $"The profile was '{page.Profile.Name}' without a fault on users.");
    }
}
