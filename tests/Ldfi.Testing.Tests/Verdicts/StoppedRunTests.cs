using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Xunit;

namespace Ldfi.Testing.Tests.Verdicts;

/// <summary>
/// A run stopped by its deadline ends, body and tear-down, before the next run starts (issue 12, item 1): the shared
/// WireMock.Net stub that every run sets up and its tear-down resets is never reset under another run's feet.
/// </summary>
public sealed class StoppedRunTests
{
    [Fact]
    public async Task A_run_stopped_by_its_deadline_finishes_its_body_and_tear_down_before_the_confirmation_starts()
    {
        using var stub = WireMockServer.StartWithAdminInterface();
        using var admin = new HttpClient { BaseAddress = new Uri(stub.Url!) };
        await using var apps = new Apps();

        // The bridge waits 60 s for the stub (its HttpClient.Timeout), longer than the 40 s Deadline.
        await apps.StartAsync("bridge", s => s.AddHttpClient("svc-coins", c =>
        {
            c.BaseAddress = new Uri(stub.Url!);
            c.Timeout = TimeSpan.FromSeconds(60);
        }), app => app.MapGet("/prices", async (IHttpClientFactory f) =>
        {
            using var coins = await f.CreateClient("svc-coins").GetAsync(new Uri("coins", UriKind.Relative));
            return coins.IsSuccessStatusCode ? Results.Ok(await coins.Content.ReadAsStringAsync()) : Results.Problem($"svc-coins answered {(int)coins.StatusCode}: {await coins.Content.ReadAsStringAsync()}");
        }));
        var client = apps.Client("bridge");
        var log = new RunLog();

        var result = await FaultExplorer.ExploreAsync(
            async ct =>
            {
                // Set-up, body and tear-down of one test, as a test class with a shared fixture has them.
                var run = log.Start();
                stub.Given(Request.Create().WithPath("/coins").UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody("btc,eth"));
                try
                {
                    using var response = await client.GetAsync(new Uri("prices", UriKind.Relative), ct);
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
                finally
                {
                    log.Note(run, "tear-down");

                    // A tear-down that takes its time (flushing logs, say; real time, so the window an overlap needs is
                    // wide open: nothing here asserts on time), then resets the stub through its admin API, as a
                    // fixture's DisposeAsync would.
                    await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, CancellationToken.None);
                    using var reset = await admin.DeleteAsync(new Uri("__admin/mappings", UriKind.Relative), CancellationToken.None);
                    reset.EnsureSuccessStatusCode();
                    log.End(run);
                }
            },
            new ExplorationOptions { Faults = FaultKind.Delay, MaxFaults = 1, Deadline = TimeSpan.FromSeconds(40) });

        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Equal(1, log.MostActive);
        Assert.True(log.Sequential(), string.Join(", ", log.Events));
        var stopped = result.Runs.Where(r => r.Injected.Count == 1).ToList();
        Assert.Equal([RunKind.Experiment, RunKind.Confirmation], stopped.Select(r => r.Kind));
        Assert.All(stopped, r =>
        {
            Assert.True(r.DeadlineExceeded);
            Assert.Null(r.StillRunning);
            Assert.Equal("HttpClient.Timeout (60 s) of bridge's client 'svc-coins'", Assert.IsType<DeadlineExceededException>(r.Failure).NearestTimeout);
        });
        Assert.DoesNotContain("No matching mapping", ExplorationReport.FailureMessage(result, "t"), StringComparison.Ordinal);
        Assert.Equal(result.Runs.Count, log.Events.Count(e => e.StartsWith("end ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_body_that_ignores_the_stop_ends_the_exploration_as_stuck_naming_the_run_and_what_it_was_still_doing()
    {
        var never = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var starts = 0;
        try
        {
            var result = await FaultExplorer.ExploreAsync(
                async ct =>
                {
                    Interlocked.Increment(ref starts);
                    try
                    {
                        await Boundary.InvokeAsync("test", "slow", "GET /z", _ => Task.FromResult(1), ct);
                    }
                    catch (OperationCanceledException)
                    {
                        // Swallows the stop, then waits on a call that ignores every token.
                        await Boundary.InvokeAsync("test", "cleanup", "POST /forget", _ => never.Task, CancellationToken.None);
                    }
                },
                new ExplorationOptions { Faults = FaultKind.Delay, MaxFaults = 1, StopGracePeriod = TimeSpan.FromMilliseconds(200) });

            Assert.Equal(Verdict.Stuck, result.Verdict);
            var run = result.Runs[^1];
            Assert.Equal("running: test → cleanup POST /forget #1", run.StillRunning);
            Assert.Equal(
                "run #1 (Experiment under {Delay on test → slow GET /z #1}) was stopped (DeadlineExceededException) and was still running 200 ms later: running: test → cleanup POST /forget #1",
                result.Problem);
            Assert.Equal(result.Runs.Count, Volatile.Read(ref starts));
            var message = ExplorationReport.FailureMessage(result, "Coins.Prices_are_shown");
            Assert.StartsWith("LDFI: Coins.Prices_are_shown: Stuck: run #1", message, StringComparison.Ordinal);
            Assert.Contains("did not finish within StopGracePeriod", message, StringComparison.Ordinal);
        }
        finally
        {
            never.TrySetResult(true);
        }
    }
}
