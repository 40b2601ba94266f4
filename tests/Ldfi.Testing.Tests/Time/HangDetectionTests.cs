using System.Net;
using Ldfi.Testing.Tests.Verdicts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ldfi.Testing.Tests.Time;

public sealed class HangDetectionTests
{
    [Fact]
    public async Task A_call_with_no_timeout_at_all_is_reported_unguarded_at_once_without_virtual_time_passing()
    {
        await using var apps = new Apps();
        await apps.StartAsync("back", null, app => app.MapGet("/items/{id}", (int id) => $"item{id}"));
        await apps.StartAsync("front", s => apps.To(s, "back", c => c.Timeout = Timeout.InfiniteTimeSpan), app =>
            app.MapGet("/page", async (IHttpClientFactory f) => await f.CreateClient("back").GetStringAsync(new Uri("items/1", UriKind.Relative))));
        var client = apps.Client("front");

        var result = await FaultExplorer.ExploreAsync(
            async ct =>
            {
                using var response = await client.GetAsync(new Uri("page", UriKind.Relative), ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            },
            new ExplorationOptions { Faults = FaultKind.Delay, MaxFaults = 1 });

        Assert.Equal(Verdict.Failed, result.Verdict);
        var run = result.FailingRun!;
        var failure = Assert.IsType<DeadlineExceededException>(run.Failure);
        Assert.True(failure.IsUnguarded);
        Assert.Contains("no timeout guards front → back GET /items/{n} #1", failure.Message, StringComparison.Ordinal);
        Assert.Equal("front → back GET /items/{n} #1", Assert.Single(failure.WaitingOn).ToString());
        Assert.Equal(TimeSpan.Zero, run.VirtualDuration);
        Assert.All(result.Runs.Where(r => !r.Passed), r => Assert.Equal(TimeSpan.Zero, r.VirtualDuration));
        Assert.Contains("nothing could ever end the wait: no timeout guards front → back GET /items/{n} #1", ExplorationReport.FailureMessage(result, "t"), StringComparison.Ordinal);
    }
}
