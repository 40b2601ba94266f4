using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Xunit;

namespace Ldfi.Testing.Tests.Verdicts;

/// <summary>
/// Two sequential calls, each guarded by a 30 s resilience timeout and each falling back on failure: each delay alone is
/// within every timeout, both together outlast a 45 s Deadline (issue 12: "two 30 s holds simply added up").
/// </summary>
public sealed class AddedUpDelaysTests
{
    private static async Task<(Apps Apps, HttpClient Client)> TwoGuardedCallsAsync()
    {
        var apps = new Apps();
        await apps.StartAsync("back", null, app =>
        {
            app.MapGet("/coins", () => "btc");
            app.MapGet("/market-data", () => "up");
        });
        await apps.StartAsync("front", s => apps.To(s, "back").AddResilienceHandler("timeout", b => b.AddTimeout(TimeSpan.FromSeconds(30))), app =>
            app.MapGet("/page", async (IHttpClientFactory f) =>
            {
                var back = f.CreateClient("back");
                return $"{await OrDefault(back, "coins")}/{await OrDefault(back, "market-data")}";
            }));
        return (apps, apps.Client("front"));
    }

    private static async Task<string> OrDefault(HttpClient back, string path)
    {
        try
        {
            return await back.GetStringAsync(new Uri(path, UriKind.Relative));
        }
#pragma warning disable CA1031 // The page degrades on any failure of a call: that is what the test checks.
        catch (Exception)
#pragma warning restore CA1031
        {
            return "?";
        }
    }

    private static Func<CancellationToken, Task> Page(HttpClient client) => async ct =>
    {
        using var response = await client.GetAsync(new Uri("page", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    };

    [Fact]
    public async Task Under_a_45_s_deadline_the_narrative_names_the_added_up_delays_and_calls_no_call_unguarded()
    {
        var (apps, client) = await TwoGuardedCallsAsync();
        await using var _ = apps;

        var result = await FaultExplorer.ExploreAsync(Page(client), new ExplorationOptions { Faults = FaultKind.Delay, Deadline = TimeSpan.FromSeconds(45) });

        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Equal(2, result.FailingFaultSet!.Count);
        Assert.All(result.Runs.Where(r => r.Injected.Count == 1), r => Assert.True(r.Passed, r.ToString()));
        var failure = Assert.IsType<DeadlineExceededException>(result.FailingRun!.Failure);
        Assert.False(failure.IsUnguarded);
        var message = ExplorationReport.FailureMessage(result, "t");
        Assert.Contains("The delays added up: front → back GET /coins #1 held 30 s and front → back GET /market-data #1 held 15 s", message, StringComparison.Ordinal);
        Assert.DoesNotContain("no timeout guard", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("nothing timed out", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("longer than the Deadline", message, StringComparison.Ordinal);
        Assert.Contains("due at 60 s", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_the_default_deadline_both_holds_end_by_their_callers_timeouts_and_the_page_degrades()
    {
        var (apps, client) = await TwoGuardedCallsAsync();
        await using var _ = apps;

        var result = await FaultExplorer.ExploreAsync(Page(client), new ExplorationOptions { Faults = FaultKind.Delay });

        Assert.Equal(Verdict.Tolerant, result.Verdict);
        var both = Assert.Single(result.Runs, r => r.Injected.Count == 2);
        Assert.True(both.Passed);
        Assert.All(both.AllCalls.Where(c => c.Fault is not null), c =>
        {
            Assert.Equal(TimeSpan.FromSeconds(30), c.HeldFor);
            Assert.StartsWith("the caller gave up", c.HoldEndedBy, StringComparison.Ordinal);
        });
        Assert.Equal(TimeSpan.FromSeconds(60), both.VirtualDuration);
    }
}
