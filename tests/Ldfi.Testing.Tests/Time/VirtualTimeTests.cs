using System.Collections.Concurrent;
using System.Net;
using Ldfi.Testing.Tests.Verdicts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Xunit;

namespace Ldfi.Testing.Tests.Time;

/// <summary>
/// The virtual clock of a run: resilience timers of real services move it, nothing outside an experiment sees it, each
/// exploration has its own, and a timer that outlives its run goes on in real time.
/// </summary>
public sealed class VirtualTimeTests
{
    [Fact]
    public async Task A_polly_attempt_timeout_and_retry_back_off_advance_the_runs_clock_by_their_sum()
    {
        await using var apps = new Apps();
        await apps.StartAsync("back", null, app => app.MapGet("/items/{id}", (int id) => $"item{id}"));
        await apps.StartAsync("front", s => apps.To(s, "back").AddResilienceHandler("retry", b => b
            .AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 1, Delay = TimeSpan.FromSeconds(2), BackoffType = DelayBackoffType.Constant, UseJitter = false })
            .AddTimeout(TimeSpan.FromSeconds(10))), app => app.MapGet("/page", async (IHttpClientFactory f) => await f.CreateClient("back").GetStringAsync(new Uri("items/1", UriKind.Relative))));
        var client = apps.Client("front");
        var seenInBody = new ConcurrentDictionary<string, TimeSpan>(StringComparer.Ordinal);

        var result = await FaultExplorer.ExploreAsync(
            async ct =>
            {
                using var response = await client.GetAsync(new Uri("page", UriKind.Relative), ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                seenInBody[FaultInjection.Current!.Planned.ToString()] = FaultInjection.Current.Now;
            },
            new ExplorationOptions { Faults = FaultKind.Delay, MaxFaults = 1 });

        Assert.Equal(Verdict.Tolerant, result.Verdict);
        Assert.Equal(TimeSpan.Zero, result.Baseline.VirtualDuration);
        var delayed = Assert.Single(result.Runs, r => r.Injected.Count == 1 && r.Injected.Single().Ordinal == 1);
        var held = Assert.Single(delayed.AllCalls, c => c.Fault is not null);
        Assert.Equal(TimeSpan.FromSeconds(10), held.HeldFor);
        Assert.StartsWith("the caller gave up", held.HoldEndedBy, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(12), delayed.VirtualDuration);
        Assert.Equal(TimeSpan.FromSeconds(12), seenInBody[delayed.Planned.ToString()]);
        Assert.Contains(delayed.AllCalls, c => c.Site.Ordinal == 2 && c.Outcome == CallOutcome.Succeeded);
    }

    [Fact]
    public void Outside_an_experiment_the_provider_is_the_services_own()
    {
        var inner = new RecordingTime();
        var provider = new ExperimentTimeProvider(inner);

        Assert.Same(inner, new ExperimentTimeProvider(provider).Inner);
        Assert.Equal(RecordingTime.Fixed, provider.GetUtcNow());
        Assert.Equal(RecordingTime.FixedTimestamp, provider.GetTimestamp());
        using var timer = provider.CreateTimer(_ => { }, null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);
        Assert.Equal(TimeSpan.FromHours(1), Assert.Single(inner.Created));
        Assert.Null(FaultInjection.Current);
    }

    [Fact]
    public async Task Inside_an_experiment_the_provider_reads_the_runs_clock_and_a_timer_that_outlives_the_run_moves_to_the_inner_provider()
    {
        var inner = new RecordingTime();
        var provider = new ExperimentTimeProvider(inner);
        var insideNow = new ConcurrentBag<DateTimeOffset>();
        var timers = new ConcurrentBag<ITimer>();

        var result = await FaultExplorer.ExploreAsync(
            async ct =>
            {
                await Boundary.InvokeAsync("test", "b", "GET /x", _ => Task.FromResult(1), ct);
                insideNow.Add(provider.GetUtcNow());
                await Task.Delay(TimeSpan.FromSeconds(3), provider, ct);
                timers.Add(provider.CreateTimer(_ => { }, null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan));
            },
            new ExplorationOptions { Faults = FaultKind.Error, MaxFaults = 1 });

        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.All(result.Runs.Where(r => r.Passed), r => Assert.Equal(TimeSpan.FromSeconds(3), r.VirtualDuration));
        Assert.DoesNotContain(RecordingTime.Fixed, insideNow);
        Assert.Equal(inner.Created.Count, timers.Count);
        Assert.All(inner.Created, due => Assert.Equal(TimeSpan.FromHours(1), due));
        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }

    [Fact]
    public async Task A_timer_still_pending_at_the_end_of_a_run_fires_later_in_real_time_outside_the_experiment()
    {
        var fired = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        ITimer? timer = null;

        var result = await FaultExplorer.ExploreAsync(
            async ct =>
            {
                await Boundary.InvokeAsync("test", "b", "GET /x", _ => Task.FromResult(1), ct);
                timer ??= FaultInjection.TimeProvider.CreateTimer(_ => fired.TrySetResult(FaultInjection.Current is null), null, TimeSpan.FromMilliseconds(20), Timeout.InfiniteTimeSpan);
            },
            new ExplorationOptions { Faults = FaultKind.Error, MaxFaults = 1, CheckDeterminism = false });

        Assert.Equal(TimeSpan.Zero, result.Baseline.VirtualDuration);
        Assert.True(await fired.Task.WaitAsync(TimeSpan.FromMinutes(1)), "the callback ran inside an experiment");
        timer!.Dispose();
    }

    [Fact]
    public async Task Two_parallel_explorations_each_have_their_own_clock()
    {
        static Func<CancellationToken, Task> Waits(TimeSpan wait, ConcurrentBag<TimeSpan> seen) => async ct =>
        {
            try
            {
                await Boundary.InvokeAsync("test", "b", "GET /x", _ => Task.FromResult(1), ct);
            }
            catch (InjectedFaultException)
            {
            }

            await Task.Delay(wait, FaultInjection.TimeProvider, ct);
            seen.Add(FaultInjection.Current!.Now);
        };

        var short1 = new ConcurrentBag<TimeSpan>();
        var long1 = new ConcurrentBag<TimeSpan>();
        var options = new ExplorationOptions { Faults = FaultKind.Error, MaxFaults = 1 };
        var results = await Task.WhenAll(
            FaultExplorer.ExploreAsync(Waits(TimeSpan.FromSeconds(3), short1), options),
            FaultExplorer.ExploreAsync(Waits(TimeSpan.FromSeconds(7), long1), options));

        Assert.All(results, r => Assert.Equal(Verdict.Tolerant, r.Verdict));
        Assert.All(results[0].Runs, r => Assert.Equal(TimeSpan.FromSeconds(3), r.VirtualDuration));
        Assert.All(results[1].Runs, r => Assert.Equal(TimeSpan.FromSeconds(7), r.VirtualDuration));
        Assert.All(short1, t => Assert.Equal(TimeSpan.FromSeconds(3), t));
        Assert.All(long1, t => Assert.Equal(TimeSpan.FromSeconds(7), t));
        Assert.Equal(results[0].Runs.Count, short1.Count);
    }

    /// <summary>A service's own provider with fixed readings that records the timers created on it.</summary>
    private sealed class RecordingTime : TimeProvider
    {
        public static readonly DateTimeOffset Fixed = new(2001, 2, 3, 4, 5, 6, TimeSpan.Zero);

        public const long FixedTimestamp = 42;

        public ConcurrentQueue<TimeSpan> Created { get; } = new();

        public override DateTimeOffset GetUtcNow() => Fixed;

        public override long GetTimestamp() => FixedTimestamp;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Created.Enqueue(dueTime);
            return System.CreateTimer(callback, state, dueTime, period);
        }
    }
}
