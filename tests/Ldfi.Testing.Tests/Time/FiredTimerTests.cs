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
        await using var s = await Services.StartAsync(frontTimeout: TimeSpan.FromSeconds(30));
        (await s.Client.GetAsync(new Uri("page/1", UriKind.Relative))).Dispose(); // warm up outside any experiment
        var options = new ExplorationOptions { Faults = FaultKind.Delay, MaxFaults = 1 };

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            var verdicts = new List<ExplorationResult>();
            for (var i = 0; i < 40; i++)
            {
                verdicts.Add(await FaultExplorer.ExploreAsync(
                    async ct =>
                    {
                        using var response = await s.Client.GetAsync(new Uri("page/7", UriKind.Relative), ct);
                        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    },
                    options));
            }

            return verdicts;
        }));

        Assert.All(results.SelectMany(r => r), r =>
        {
            Assert.True(r.Verdict == Verdict.Failed, $"{r.Summary} {r.Problem}");
            Assert.DoesNotContain(r.Runs, run => run.Failure is DeadlineExceededException);
            Assert.IsType<TaskCanceledException>(r.FailingRun!.Failure);
        });
    }
}
