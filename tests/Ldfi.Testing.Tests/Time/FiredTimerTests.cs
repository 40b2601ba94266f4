using System.Net;
using Ldfi.Testing.Tests.Http;
using Xunit;

namespace Ldfi.Testing.Tests.Time;

public sealed class FiredTimerTests
{
    /// <summary>
    /// A timer the clock fired is queued on the thread pool, and a <see cref="CancellationTokenSource"/> timer runs with
    /// no execution context, so for a moment nothing of the run looks busy. Before the clock counted fired callbacks
    /// until they returned, four explorations at once on two cores reported about one run in a hundred as unguarded
    /// ("no timer pending") just after its 30 s HttpClient.Timeout had fired, and the verdict was Flaky.
    /// </summary>
    [Fact]
    public async Task A_fired_HttpClient_Timeout_is_never_taken_for_a_hang_while_its_callback_waits_for_a_thread()
    {
        await using var s = await StartAsync();

        AssertAllFoundTheUnguardedTimeout(await ExploreAtOnceAsync(s, explorations: 4, each: 40));
    }

    /// <summary>
    /// A collection suspends every thread of a run, which then looks blocked on its clock. Before the settle check
    /// discounted collections, six explorations at once beside a thread that allocates hard took about one run in three
    /// hundred for a hang while its HttpClient.Timeout guard was being set up: the clock jumped 30 s before the call began,
    /// no fault fired, and the verdict was Flaky. With the machine's CPUs saturated too (the rest of the suite, other test
    /// processes) a run's thread could wait more than 25 ms on an allocation or a lock held by a thread that only waited
    /// for a CPU, which also passed for a wait on the clock: three runs in 720, before the wait counted less under CPU
    /// pressure.
    /// </summary>
    [Fact]
    public async Task A_garbage_collection_during_a_settle_check_never_moves_the_clock_early()
    {
        await using var s = await StartAsync();
        using var stop = new CancellationTokenSource();
        var allocator = Task.Run(() => Allocate(stop.Token));

        try
        {
            AssertAllFoundTheUnguardedTimeout(await ExploreAtOnceAsync(s, explorations: 6, each: 120));
        }
        finally
        {
            await stop.CancelAsync();
            await allocator;
        }
    }

    private static async Task<Services> StartAsync()
    {
        var s = await Services.StartAsync(frontTimeout: TimeSpan.FromSeconds(30));
        (await s.Client.GetAsync(new Uri("page/1", UriKind.Relative))).Dispose(); // warm up outside any experiment
        return s;
    }

    // Several explorations at once, each followed by the next, as parallel tests do.
    private static async Task<IEnumerable<ExplorationResult>> ExploreAtOnceAsync(Services s, int explorations, int each)
    {
        var options = new ExplorationOptions { Faults = FaultKind.Delay, MaxFaults = 1 };
        var results = await Task.WhenAll(Enumerable.Range(0, explorations).Select(async _ =>
        {
            var verdicts = new List<ExplorationResult>();
            for (var i = 0; i < each; i++)
            {
                verdicts.Add(await FaultExplorer.ExploreAsync(ct => GetPageAsync(s, ct), options));
            }

            return verdicts;
        }));
        return results.SelectMany(r => r);
    }

    private static async Task GetPageAsync(Services s, CancellationToken ct)
    {
        using var response = await s.Client.GetAsync(new Uri("page/7", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // Short-lived arrays, kept long enough to reach gen 1 now and then: many collections, each pausing every thread.
    private static void Allocate(CancellationToken stop)
    {
        var kept = new List<byte[]>();
        while (!stop.IsCancellationRequested)
        {
            kept.Add(new byte[8000]);
            if (kept.Count > 20_000)
            {
                kept.Clear();
            }
        }
    }

    private static void AssertAllFoundTheUnguardedTimeout(IEnumerable<ExplorationResult> results) =>
        Assert.All(results, r =>
        {
            Assert.True(r.Verdict == Verdict.Failed, $"{r.Summary} {r.Problem}");
            Assert.DoesNotContain(r.Runs, run => run.Failure is DeadlineExceededException);
            Assert.IsType<TaskCanceledException>(r.FailingRun!.Failure);
        });
}
