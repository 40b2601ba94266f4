using System.Net;
using Ldfi.Testing.Tests.Verdicts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Xunit;

namespace Ldfi.Testing.Tests.Resilience;

/// <summary>
/// A circuit breaker that opens after two failures, shared by every request of the process as in production: what one
/// experiment does to it must not decide another's outcome. Each experiment gets its own instance of the pipeline.
/// </summary>
public sealed class CircuitBreakerTests
{
    [Fact]
    public async Task A_breaker_that_opens_after_two_failures_gives_the_verdict_and_experiments_of_the_same_system_without_it()
    {
        var opened = 0;
        await using var withBreaker = await TwoServices.StartAsync(pipeline => pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            MinimumThroughput = 2,
            FailureRatio = 0.5,
            SamplingDuration = TimeSpan.FromMinutes(1),
            BreakDuration = TimeSpan.FromMinutes(1),
            OnOpened = _ =>
            {
                Interlocked.Increment(ref opened);
                return ValueTask.CompletedTask;
            },
        }));
        await using var without = await TwoServices.StartAsync(configureBreaker: null);

        var broken = await FaultExplorer.ExploreAsync(withBreaker.PageAnswers, Options());
        var plain = await FaultExplorer.ExploreAsync(without.PageAnswers, Options());

        Assert.True(plain.Verdict != Verdict.BaselineFailed, plain.Baseline.Failure?.ToString());
        Assert.True(opened > 0, "the breaker never opened: the test does not exercise it");
        Assert.Equal(Verdict.Failed, plain.Verdict);
        Assert.Equal(Outcome(plain), Outcome(broken));
        Assert.Equal(Sequence(plain), Sequence(broken));
        Assert.True(broken.Runs.Count(r => r.Kind == RunKind.Experiment) > 5, "experiments ran after the breaker had opened");
    }

    [Fact]
    public async Task Outside_an_experiment_the_applications_own_breaker_instance_keeps_its_state()
    {
        await using var services = await TwoServices.StartAsync(pipeline => pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            MinimumThroughput = 2,
            FailureRatio = 0.5,
            SamplingDuration = TimeSpan.FromMinutes(1),
            BreakDuration = TimeSpan.FromMinutes(1),
        }));
        services.BackFails = true;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await services.Client.GetAsync(new Uri("page", UriKind.Relative));
            statuses.Add(response.StatusCode);
        }

        // The failures opened the application's breaker, so later requests are rejected without reaching back.
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.BadGateway, s));
        Assert.True(services.BackServed < 8, $"back served {services.BackServed} of 8 attempts: the breaker never opened");
    }

    [Fact]
    public async Task An_experiments_own_pipeline_instances_leave_the_registry_and_are_disposed_when_it_ends()
    {
        await using var services = await TwoServices.StartAsync(pipeline => pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions()));
        var provider = services.PipelineProvider();

        var (result, seen) = await FrontToBack.ExploreSeeingInstancesAsync(
            provider, services.PageAnswers, new ExplorationOptions { MaxFaults = 1, Faults = FaultKind.Error, Parallelism = 2 });

        Assert.True(seen.Count > 1, "fewer than two experiments had their own pipeline instance: the test does not exercise the isolation");
        Assert.True(result.Runs.Count > 2, result.Summary);
        Assert.Empty(provider.IsolatedInRegistry);

        // Disposal runs on the thread pool after each run; a disposed pipeline refuses to execute.
        foreach (var pipeline in seen.Cast<ResiliencePipeline<HttpResponseMessage>>())
        {
            Assert.True(await DisposedWithinAsync(pipeline, TimeSpan.FromSeconds(10)), "an evicted pipeline instance was never disposed");
        }
    }

    private static async Task<bool> DisposedWithinAsync(ResiliencePipeline<HttpResponseMessage> pipeline, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            try
            {
                using var _ = await pipeline.ExecuteAsync(_ => ValueTask.FromResult(new HttpResponseMessage()));
            }
            catch (ObjectDisposedException)
            {
                return true;
            }

            await Task.Delay(10);
        }

        return false;
    }

    private static ExplorationOptions Options() => new() { MaxFaults = 2, Faults = FaultKind.Error | FaultKind.Status, FindAllFailures = true };

    private static string Outcome(ExplorationResult result) =>
        $"{result.Verdict} [{string.Join(" ; ", result.FailingFaultSets.Select(s => s.Key).Order(StringComparer.Ordinal))}]";

    private static string Sequence(ExplorationResult result) =>
        string.Join("\n", result.Runs.Select(r => $"{r.Kind} {r.Planned.Key} {(r.Passed ? "passed" : "failed")} {r.Injected.Key}"));

    /// <summary>front → back: front retries once, optionally behind a circuit breaker, and answers 502 when back fails.</summary>
    private sealed class TwoServices : IAsyncDisposable
    {
        private readonly Apps apps = new();
        private int backServed;

        public HttpClient Client { get; private set; } = null!;

        public bool BackFails { get; set; }

        public int BackServed => backServed;

        public static async Task<TwoServices> StartAsync(Action<ResiliencePipelineBuilder<HttpResponseMessage>>? configureBreaker)
        {
            var s = new TwoServices();
            await s.apps.StartAsync("back", null, app => app.MapGet("/value", () =>
            {
                Interlocked.Increment(ref s.backServed);
                return s.BackFails ? Results.StatusCode(500) : Results.Ok("42");
            }));
            await s.apps.StartAsync("front", services => s.apps.To(services, "back")
                .AddResilienceHandler("back", pipeline =>
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 1, Delay = TimeSpan.FromSeconds(1), BackoffType = DelayBackoffType.Constant, UseJitter = false });
                    configureBreaker?.Invoke(pipeline);
                }), FrontToBack.MapPage);
            s.Client = s.apps.Client("front");
            return s;
        }

        public Task PageAnswers(CancellationToken ct) => FrontToBack.PageAnswers(Client, ct);

        /// <summary>front's pipeline provider for its factory clients, the one fault injection put in place.</summary>
        public IIsolatingPipelineProvider PipelineProvider() => FrontToBack.Pipelines(apps.Services("front"));

        public ValueTask DisposeAsync() => apps.DisposeAsync();
    }
}
