using Ldfi.Testing.Tests.Verdicts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Registry;
using Polly.Simmy;
using Polly.Testing;
using Polly.Timeout;
using Xunit;

namespace Ldfi.Testing.Tests.Resilience;

/// <summary>
/// Pipelines that keep nothing from one execution to the next (timeouts, retries, hedging, fallbacks) are shared by
/// experiments: none is built per experiment, and the verdict is the one isolated instances give. Anything else (a
/// breaker, a limiter, a strategy the tool does not know) keeps its own instance per experiment.
/// </summary>
public sealed class SharedPipelineTests
{
    [Fact]
    public async Task A_pipeline_of_timeouts_and_retries_is_shared_and_gives_the_verdict_isolated_instances_give()
    {
        await using var shared = await TwoServices.StartAsync(custom: false);
        await using var isolated = await TwoServices.StartAsync(custom: true);

        var (sharedResult, sharedSeen) = await ExploreAsync(shared);
        var (isolatedResult, isolatedSeen) = await ExploreAsync(isolated);

        Assert.Equal(0, sharedSeen);
        Assert.True(isolatedSeen > 1, "fewer than two experiments had their own pipeline instance: the comparison does not exercise the isolation");
        Assert.Equal(Verdict.Failed, sharedResult.Verdict);
        Assert.Equal(Outcome(isolatedResult), Outcome(sharedResult));
        Assert.Equal(Sequence(isolatedResult), Sequence(sharedResult));
        Assert.Empty(shared.PipelineProvider().IsolatedInRegistry);
        Assert.Empty(isolated.PipelineProvider().IsolatedInRegistry);
    }

    [Fact]
    public async Task The_standard_handler_keeps_its_own_instance_per_experiment()
    {
        await using var services = await TwoServices.StartAsync(custom: false, standard: true);

        var (result, seen) = await ExploreAsync(services, maxFaults: 1);

        Assert.True(result.Verdict != Verdict.BaselineFailed, result.Baseline.Failure?.ToString());
        Assert.True(seen > 1, "the standard handler's breaker and limiter were shared by experiments");
        Assert.Empty(services.PipelineProvider().IsolatedInRegistry);
    }

    [Fact]
    public void Only_pipelines_of_Pollys_timeouts_retries_hedging_and_fallbacks_are_shareable()
    {
        Assert.True(Shareable(p => p.AddTimeout(TimeSpan.FromSeconds(1))));
        Assert.True(Shareable(p => p
            .AddFallback(new() { FallbackAction = _ => Polly.Outcome.FromResultAsValueTask(new HttpResponseMessage()) })
            .AddHedging(new())
            .AddRetry(new HttpRetryStrategyOptions())
            .AddTimeout(TimeSpan.FromSeconds(1))));
        Assert.True(Shareable(_ => { }));

        Assert.False(Shareable(p => p.AddTimeout(TimeSpan.FromSeconds(1)).AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions())));
        Assert.False(Shareable(p => p.AddRateLimiter(new HttpRateLimiterStrategyOptions())));
        Assert.False(Shareable(p => p.AddConcurrencyLimiter(10)));
        Assert.False(Shareable(p => p.AddRetry(new HttpRetryStrategyOptions()).AddChaosLatency(0.5, TimeSpan.FromSeconds(1))));
        Assert.False(Shareable(p => p.AddTimeout(TimeSpan.FromSeconds(1)).AddStrategy(_ => new PassThrough(), new PassThroughOptions())));

        // A custom strategy given the options of a stateless one is still custom.
        Assert.False(Shareable(p => p.AddStrategy(_ => new PassThrough(), new TimeoutStrategyOptions())));

        Assert.True(PipelineState.IsShareable(new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(1)).AddRetry(new()).Build().GetPipelineDescriptor()));
        Assert.False(PipelineState.IsShareable(new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(1)).AddCircuitBreaker(new()).Build().GetPipelineDescriptor()));
    }

    [Fact]
    public void A_reloadable_pipeline_is_not_shareable_even_of_stateless_strategies()
    {
        using var reload = new CancellationTokenSource();
        using var registry = new ResiliencePipelineRegistry<string>();
        registry.TryAddBuilder("reloadable", (builder, context) =>
        {
            context.AddReloadToken(reload.Token);
            builder.AddTimeout(TimeSpan.FromSeconds(1));
        });
        registry.TryAddBuilder("fixed", (builder, _) => builder.AddTimeout(TimeSpan.FromSeconds(1)));

        Assert.False(PipelineState.IsShareable(registry.GetPipeline("reloadable").GetPipelineDescriptor()));
        Assert.True(PipelineState.IsShareable(registry.GetPipeline("fixed").GetPipelineDescriptor()));
    }

    private static bool Shareable(Action<ResiliencePipelineBuilder<HttpResponseMessage>> configure)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        configure(builder);
        return PipelineState.IsShareable(builder.Build().GetPipelineDescriptor());
    }

    /// <summary>Explores front → back, counting the experiment instances the registry held at the end of each run.</summary>
    private static async Task<(ExplorationResult Result, int Seen)> ExploreAsync(TwoServices services, int maxFaults = 2)
    {
        var (result, seen) = await FrontToBack.ExploreSeeingInstancesAsync(
            services.PipelineProvider(),
            services.PageAnswers,
            new ExplorationOptions { MaxFaults = maxFaults, Faults = FaultKind.Error | FaultKind.Delay, FindAllFailures = true });
        return (result, seen.Count);
    }

    private static string Outcome(ExplorationResult result) =>
        $"{result.Verdict} [{string.Join(" ; ", result.FailingFaultSets.Select(s => s.Key).Order(StringComparer.Ordinal))}]";

    private static string Sequence(ExplorationResult result) =>
        string.Join("\n", result.Runs.Select(r => $"{r.Kind} {r.Planned.Key} {(r.Passed ? "passed" : "failed")} {r.Injected.Key}"));

    /// <summary>A strategy the tool knows nothing about: it must be treated as stateful.</summary>
    private sealed class PassThrough : ResilienceStrategy
    {
        protected override ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state) =>
            callback(context, state);
    }

    private sealed class PassThroughOptions : ResilienceStrategyOptions;

    /// <summary>
    /// front → back: front retries once with a 1 s attempt timeout (plus, when <c>custom</c>, a pass-through strategy of
    /// its own, which forces the pipeline's isolation), or uses the standard handler, and answers 502 when back fails.
    /// </summary>
    private sealed class TwoServices : IAsyncDisposable
    {
        private readonly Apps apps = new();

        public HttpClient Client { get; private set; } = null!;

        public static async Task<TwoServices> StartAsync(bool custom, bool standard = false)
        {
            var s = new TwoServices();
            await s.apps.StartAsync("back", null, app => app.MapGet("/value", () => Results.Ok("42")));
            await s.apps.StartAsync("front", services =>
            {
                var client = s.apps.To(services, "back");
                if (standard)
                {
                    client.AddStandardResilienceHandler();
                    return;
                }

                client.AddResilienceHandler("back", pipeline =>
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 1, Delay = TimeSpan.FromSeconds(1), BackoffType = DelayBackoffType.Constant, UseJitter = false });
                    pipeline.AddTimeout(TimeSpan.FromSeconds(1));
                    if (custom)
                    {
                        pipeline.AddStrategy(_ => new PassThrough(), new PassThroughOptions());
                    }
                });
            }, FrontToBack.MapPage);
            s.Client = s.apps.Client("front");
            return s;
        }

        public Task PageAnswers(CancellationToken ct) => FrontToBack.PageAnswers(Client, ct);

        /// <summary>front's pipeline provider for its factory clients, the one fault injection put in place.</summary>
        public IIsolatingPipelineProvider PipelineProvider() => FrontToBack.Pipelines(apps.Services("front"));

        public ValueTask DisposeAsync() => apps.DisposeAsync();
    }
}
