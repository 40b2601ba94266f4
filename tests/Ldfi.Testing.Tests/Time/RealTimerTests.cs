using System.Net;
using Ldfi.Testing.Tests.Verdicts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ldfi.Testing.Tests.Time;

/// <summary>
/// Timeouts written without a TimeProvider (CancelAfter, Task.Delay, a hand-made HttpClient's Timeout) are real timers:
/// the census puts each on the experiment's clock, so the verdict is the one real time gives, at virtual-time cost.
/// </summary>
public sealed class RealTimerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    [Theory]
    [InlineData("CancelAfter")]
    [InlineData("Task.Delay")]
    [InlineData("HttpClient.Timeout")]
    public async Task A_real_timeout_guards_a_delayed_call_as_in_real_time(string kind)
    {
        await using var apps = await StartAsync(kind);
        var client = apps.Client("front");
        async Task Test(CancellationToken ct)
        {
            using var response = await client.GetAsync(new Uri("page", UriKind.Relative), ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var virtualResult = await FaultExplorer.ExploreAsync(Test, new ExplorationOptions { Faults = FaultKind.Delay, MaxFaults = 1, Seed = 3 });
        var realResult = await FaultExplorer.ExploreAsync(Test, new ExplorationOptions { Faults = FaultKind.Delay, MaxFaults = 1, Seed = 3, VirtualTime = false });

        Assert.Equal(Verdict.Tolerant, realResult.Verdict);
        Assert.Equal(realResult.Verdict, virtualResult.Verdict);
        Assert.Equal(realResult.Experiments, virtualResult.Experiments);
        var delayed = Assert.Single(virtualResult.Runs, r => r.Injected.Count == 1);
        Assert.Equal(Timeout, delayed.VirtualDuration);
        var timer = Assert.Single(delayed.RealTimers, t => t.FiredOnClock);
        Assert.Equal(kind, timer.ArmedBy);
        Assert.Equal(Timeout, timer.DueTime);
        Assert.Equal("front", timer.Service);
        Assert.StartsWith("RealTimerTests.", timer.ArmedIn, StringComparison.Ordinal);
        var held = Assert.Single(delayed.AllCalls, c => c.Fault is not null);
        Assert.Equal(Timeout, held.HeldFor);
        if (kind != "Task.Delay")
        {
            // Task.Delay ends nothing itself: the code cancels the call after it, so the hold ended as the caller gave up.
            Assert.Contains($"{kind} (500 ms)", held.HoldEndedBy, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_disposed_real_timer_is_no_guard_so_a_call_without_timeout_is_still_reported_unguarded()
    {
        // The first call is guarded by a CancelAfter that is disposed once it answers; the second has no timeout at all.
        await using var apps = new Apps();
        await apps.StartAsync("back", null, app => app.MapGet("/items/{id}", (int id) => $"item{id}"));
        await apps.StartAsync("front", s => apps.To(s, "back", c => c.Timeout = System.Threading.Timeout.InfiniteTimeSpan), app =>
            app.MapGet("/page", async (IHttpClientFactory f, CancellationToken ct) =>
            {
                var back = f.CreateClient("back");
                using (var cts = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    cts.CancelAfter(TimeSpan.FromSeconds(2));
                    try
                    {
                        await back.GetStringAsync(new Uri("items/1", UriKind.Relative), cts.Token);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                    }
                }

                return await back.GetStringAsync(new Uri("items/2", UriKind.Relative), ct);
            }));
        var client = apps.Client("front");

        var result = await FaultExplorer.ExploreAsync(
            async ct =>
            {
                using var response = await client.GetAsync(new Uri("page", UriKind.Relative), ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            },
            new ExplorationOptions { Faults = FaultKind.Delay, MaxFaults = 1, Parallelism = 1 });

        Assert.Equal(Verdict.Failed, result.Verdict);
        var failure = Assert.IsType<DeadlineExceededException>(result.FailingRun!.Failure);
        Assert.True(failure.IsUnguarded);
        Assert.Equal("front → back GET /items/{n} #2", Assert.Single(failure.WaitingOn).ToString());
        Assert.Equal(TimeSpan.Zero, result.FailingRun.VirtualDuration);

        // The test's own client's 100 s Timeout was seen but ends no wait of the system: it never fired.
        Assert.Contains(result.FailingRun.RealTimers, t => t.ArmedBy == "HttpClient.Timeout" && !t.FiredOnClock);
    }

    private static async Task<Apps> StartAsync(string kind)
    {
        var apps = new Apps();
        await apps.StartAsync("back", null, app => app.MapGet("/items/{id}", (int id) => $"item{id}"));
        await apps.StartAsync("front", s => apps.To(s, "back", c => c.Timeout = System.Threading.Timeout.InfiniteTimeSpan), app =>
            app.MapGet("/page", async (IHttpClientFactory f, CancellationToken ct) =>
            {
                try
                {
                    return await GetGuardedAsync(kind, f, ct);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    return "fallback";
                }
            }));
        return apps;
    }

    // Each the way it is usually written: no TimeProvider anywhere.
    private static async Task<string> GetGuardedAsync(string kind, IHttpClientFactory factory, CancellationToken ct)
    {
        var uri = new Uri("items/1", UriKind.Relative);
        switch (kind)
        {
            case "CancelAfter":
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                cts.CancelAfter(Timeout);
                return await factory.CreateClient("back").GetStringAsync(uri, cts.Token);
            }

            case "Task.Delay":
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var call = factory.CreateClient("back").GetStringAsync(uri, cts.Token);
                if (await Task.WhenAny(call, Task.Delay(Timeout, cts.Token)) != call)
                {
                    await cts.CancelAsync();
                    throw new OperationCanceledException("timed out");
                }

                return await call;
            }

            default:
            {
                var client = factory.CreateClient("back");
                client.Timeout = Timeout;
                return await client.GetStringAsync(uri, ct);
            }
        }
    }
}
