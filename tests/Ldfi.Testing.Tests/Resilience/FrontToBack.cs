using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Timeout;
using Xunit;

namespace Ldfi.Testing.Tests.Resilience;

/// <summary>The resilience tests' front → back system: front's page, what the test asserts of it, and front's pipelines.</summary>
internal static class FrontToBack
{
    /// <summary>
    /// The service's pipeline provider for its factory clients, the one fault injection put in place (Microsoft's key
    /// type is internal, so it is found by name).
    /// </summary>
    public static IIsolatingPipelineProvider Pipelines(IServiceProvider services)
    {
        var key = typeof(HttpStandardResilienceOptions).Assembly.GetType("Microsoft.Extensions.Http.Resilience.Internal.HttpKey", throwOnError: true)!;
        return (IIsolatingPipelineProvider)services.GetRequiredService(typeof(ResiliencePipelineProvider<>).MakeGenericType(key));
    }

    /// <summary>
    /// front's <c>GET /page</c>: back's value through the factory client <c>back</c>, or 502 when back fails, times out
    /// or its breaker is open.
    /// </summary>
    public static void MapPage(IEndpointRouteBuilder app) => app.MapGet("/page", async (IHttpClientFactory factory) =>
    {
        try
        {
            using var response = await factory.CreateClient("back").GetAsync(new Uri("value", UriKind.Relative));
            return response.IsSuccessStatusCode ? Results.Ok(await response.Content.ReadAsStringAsync()) : Results.StatusCode(502);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException)
        {
            return Results.StatusCode(502);
        }
    });

    /// <summary>The test body: the page answers 200.</summary>
    public static async Task PageAnswers(HttpClient front, CancellationToken ct)
    {
        using var response = await front.GetAsync(new Uri("page", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// Explores <paramref name="page"/>, collecting every experiment instance of front's pipelines that the registry held
    /// at the end of a run.
    /// </summary>
    public static async Task<(ExplorationResult Result, HashSet<object> Seen)> ExploreSeeingInstancesAsync(
        IIsolatingPipelineProvider provider, Func<CancellationToken, Task> page, ExplorationOptions options)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var result = await FaultExplorer.ExploreAsync(
            async ct =>
            {
                await page(ct);
                lock (seen)
                {
                    seen.UnionWith(provider.IsolatedInRegistry);
                }
            },
            options);
        return (result, seen);
    }
}
