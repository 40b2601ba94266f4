using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Xunit;

namespace Ldfi.Testing.Tests.Verdicts;

/// <summary>What ended a Delay, and why a run was stopped, told truthfully (issue 12, item 3).</summary>
public sealed class TimeoutNarrativeTests
{
    /// <summary>front → back through a factory client at its default HttpClient.Timeout (100 s), no resilience handler.</summary>
    private static async Task<(Apps Apps, HttpClient Client, ConcurrentQueue<string> SeenByFront)> DefaultTimeoutAsync()
    {
        var seen = new ConcurrentQueue<string>();
        var apps = new Apps();
        await apps.StartAsync("back", null, app => app.MapGet("/coins", () => "btc"));
        await apps.StartAsync("front", s => apps.To(s, "back"), app => app.MapGet("/page", async (IHttpClientFactory f) =>
        {
            try
            {
                return Results.Ok(await f.CreateClient("back").GetStringAsync(new Uri("coins", UriKind.Relative)));
            }
            catch (Exception e) when (e is OperationCanceledException or HttpRequestException)
            {
                seen.Enqueue($"{e.GetType().Name}/{e.InnerException?.GetType().Name}");
                return Results.StatusCode(504);
            }
        }));
        return (apps, apps.Client("front"), seen);
    }

    private static Func<CancellationToken, Task> Page(HttpClient client) => async ct =>
    {
        using var response = await client.GetAsync(new Uri("page", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    };

    [Fact]
    public async Task A_100_s_HttpClient_Timeout_under_a_40_s_deadline_is_named_as_the_nearest_timeout_never_as_no_timeout()
    {
        var (apps, client, _) = await DefaultTimeoutAsync();
        await using var _1 = apps;

        var result = await FaultExplorer.ExploreAsync(Page(client), new ExplorationOptions { Faults = FaultKind.Delay, MaxFaults = 1, Deadline = TimeSpan.FromSeconds(40) });

        Assert.Equal(Verdict.Failed, result.Verdict);
        var run = result.FailingRun!;
        var failure = Assert.IsType<DeadlineExceededException>(run.Failure);
        Assert.False(failure.IsUnguarded);
        Assert.Equal("HttpClient.Timeout (100 s) of front's client 'back'", failure.NearestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(40), run.VirtualDuration);
        var message = ExplorationReport.FailureMessage(result, "t");
        Assert.Contains("the run reached its 40 s deadline first: the nearest timeout was HttpClient.Timeout (100 s) of front's client 'back', longer than the Deadline", message, StringComparison.Ordinal);
        Assert.DoesNotContain("no timeout guard", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("nothing timed out", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("past the caller's timeout", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_default_deadline_the_delay_is_ended_by_HttpClient_Timeout_with_the_exception_real_HttpClient_throws()
    {
        var (apps, client, seen) = await DefaultTimeoutAsync();
        await using var _1 = apps;

        var result = await FaultExplorer.ExploreAsync(Page(client), new ExplorationOptions { Faults = FaultKind.Delay, MaxFaults = 1 });

        Assert.Equal(Verdict.Failed, result.Verdict);
        var run = result.FailingRun!;
        Assert.False(run.DeadlineExceeded);
        var held = Assert.Single(run.AllCalls, c => c.Fault is not null);
        Assert.Equal(TimeSpan.FromSeconds(100), held.HeldFor);
        Assert.Equal("the caller gave up (HttpClient.Timeout (100 s) of front's client 'back')", held.HoldEndedBy);
        Assert.Equal(TimeSpan.FromSeconds(100), run.VirtualDuration);
        Assert.All(seen, s => Assert.Equal("TaskCanceledException/TimeoutException", s));
        Assert.NotEmpty(seen);
        var message = ExplorationReport.FailureMessage(result, "t");
        Assert.Contains("With front → back GET /coins #1 delayed 100 s until the caller gave up (HttpClient.Timeout (100 s) of front's client 'back'); then the test failed:", message, StringComparison.Ordinal);
    }
}
