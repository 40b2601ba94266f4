using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Polly;
using Polly.Registry;
using Polly.Testing;

namespace Ldfi.Testing;

/// <summary>
/// The resilience pipelines of IHttpClientFactory clients (<c>AddResilienceHandler</c>, <c>AddStandardResilienceHandler</c>),
/// one set per experiment where it matters: inside an experiment every pipeline that can carry state from one execution
/// to the next (a circuit breaker, a rate or concurrency limiter, any strategy not known to be stateless, or a reloadable
/// pipeline: see <see cref="PipelineState"/>) is a fresh instance of the same registered builder, so a breaker an
/// experiment opened, or a limiter it drained, can never decide another experiment's outcome. A pipeline made only of
/// Polly's timeouts, retries, hedging and fallbacks keeps nothing between executions (its timers go through the service's
/// experiment-aware TimeProvider), so experiments share the application's instance and none is built per experiment.
/// The decision is taken once per pipeline key and result type, from the application's instance. Outside experiments
/// the application's own instances are used, untouched.
/// </summary>
/// <typeparam name="TKey">Microsoft.Extensions.Http.Resilience's pipeline key (name and instance name).</typeparam>
internal sealed class ExperimentPipelineProvider<TKey>(ResiliencePipelineRegistry<TKey> registry, Func<TKey, string, TKey> isolate) : ResiliencePipelineProvider<TKey>, IIsolatingPipelineProvider
    where TKey : notnull
{
    // Per pipeline key and result type, what lookups return: the application's own instance when it is shareable, else a
    // router to the running experiment's instance.
    private readonly ConcurrentDictionary<(TKey Key, Type Result), object> routers = new();

    // Per running experiment, the instances built for it, evicted from the registry when it ends.
    private readonly ConcurrentDictionary<RunContext, ConcurrentDictionary<(TKey Key, Type Result), byte>> built = new();

    /// <inheritdoc />
    public IReadOnlyList<object> IsolatedInRegistry =>
    [
        .. new[] { typeof(void), typeof(HttpResponseMessage) }
            .Select(t => RegistryEviction.Cache(registry, t))
            .SelectMany(cache => cache is null ? [] : cache.Keys.Cast<object>()
                .Where(k => k.ToString()!.Contains(PipelineIsolation.Marker, StringComparison.Ordinal))
                .Select(k => cache[k]).OfType<object>()),
    ];

    public override bool TryGetPipeline(TKey key, [NotNullWhen(true)] out ResiliencePipeline? pipeline)
    {
        if (!registry.TryGetPipeline(key, out var own))
        {
            pipeline = null;
            return false;
        }

        pipeline = (ResiliencePipeline)routers.GetOrAdd((key, typeof(void)), _ => PipelineState.IsShareable(own.GetPipelineDescriptor())
            ? own
            : new ResiliencePipelineBuilder()
                .AddStrategy(_ => new Router(own, () => Isolated(key, typeof(void), k => registry.GetPipeline(k))), new RouterOptions())
                .Build());
        return true;
    }

    public override bool TryGetPipeline<TResult>(TKey key, [NotNullWhen(true)] out ResiliencePipeline<TResult>? pipeline)
    {
        if (!registry.TryGetPipeline<TResult>(key, out var own))
        {
            pipeline = null;
            return false;
        }

        pipeline = (ResiliencePipeline<TResult>)routers.GetOrAdd((key, typeof(TResult)), _ => PipelineState.IsShareable(own.GetPipelineDescriptor())
            ? own
            : new ResiliencePipelineBuilder<TResult>()
                .AddStrategy(_ => new Router<TResult>(own, () => Isolated(key, typeof(TResult), k => registry.GetPipeline<TResult>(k))), new RouterOptions())
                .Build());
        return true;
    }

    private T? Isolated<T>(TKey key, Type result, Func<TKey, T> get)
        where T : class
    {
        if (Ambient.Value is not { } frame)
        {
            return null;
        }

        var run = frame.Run;
        var isolated = isolate(key, run.Id);
        var mine = built.GetOrAdd(run, r =>
        {
            var keys = new ConcurrentDictionary<(TKey Key, Type Result), byte>();
            r.Ended.Register(() => Evict(r));
            return keys;
        });
        mine.TryAdd((isolated, result), 0);
        return get(isolated);
    }

    private void Evict(RunContext run)
    {
        if (built.TryRemove(run, out var keys))
        {
            RegistryEviction.Evict(registry, keys.Keys);
        }
    }

    private sealed class RouterOptions : ResilienceStrategyOptions
    {
        public RouterOptions() => Name = "Ldfi.Testing experiment isolation";
    }

    private sealed class Router(ResiliencePipeline own, Func<ResiliencePipeline?> isolated) : ResilienceStrategy
    {
        protected override ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state) =>
            (isolated() ?? own).ExecuteOutcomeAsync(callback, context, state);
    }

    private sealed class Router<TResult>(ResiliencePipeline<TResult> own, Func<ResiliencePipeline<TResult>?> isolated) : ResilienceStrategy<TResult>
    {
        protected override ValueTask<Outcome<TResult>> ExecuteCore<TState>(Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state) =>
            (isolated() ?? own).ExecuteOutcomeAsync(callback, context, state);
    }
}

/// <summary>What tests can ask of <see cref="ExperimentPipelineProvider{TKey}"/>, whatever its key type.</summary>
internal interface IIsolatingPipelineProvider
{
    /// <summary>Gets the experiment instances the registry holds now: none once every experiment has ended.</summary>
    IReadOnlyList<object> IsolatedInRegistry { get; }
}
