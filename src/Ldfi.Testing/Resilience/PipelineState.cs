using System.Reflection;
using Polly;
using Polly.Fallback;
using Polly.Hedging;
using Polly.Retry;
using Polly.Testing;
using Polly.Timeout;

namespace Ldfi.Testing;

/// <summary>
/// Whether a resilience pipeline can carry state from one execution to the next (a circuit breaker's health, a rate
/// limiter's permits), read from the strategies it holds. Only a pipeline made of Polly's own timeout, retry, hedging
/// and fallback strategies counts as stateless: anything else (breakers, limiters, chaos and custom strategies,
/// strategies Polly may add later) counts as stateful, so an unknown pipeline is isolated, never shared.
/// </summary>
internal static class PipelineState
{
    private static readonly Assembly PollyCore = typeof(ResiliencePipeline).Assembly;

    // Polly's strategies that keep nothing between executions, each with the options type that configures it. Both must
    // match: a custom strategy added with AddStrategy may be given a TimeoutStrategyOptions, and Polly could rename its
    // internal types, in which case nothing matches and every pipeline stays isolated.
    private static readonly (Type Options, string Strategy)[] Stateless =
    [
        (typeof(TimeoutStrategyOptions), "Polly.Timeout.TimeoutResilienceStrategy"),
        (typeof(RetryStrategyOptions<>), "Polly.Retry.RetryResilienceStrategy`1"),
        (typeof(HedgingStrategyOptions<>), "Polly.Hedging.HedgingResilienceStrategy`1"),
        (typeof(FallbackStrategyOptions<>), "Polly.Fallback.FallbackResilienceStrategy`1"),
    ];

    /// <summary>
    /// Whether experiments may share <paramref name="pipeline"/>: it is not reloadable (a reload rebuilds it from the
    /// application's configure callback, which may then add a breaker) and every strategy is a stateless one of Polly's.
    /// </summary>
    public static bool IsShareable(ResiliencePipelineDescriptor pipeline) =>
        !pipeline.IsReloadable && pipeline.Strategies.All(IsStateless);

    private static bool IsStateless(ResilienceStrategyDescriptor strategy)
    {
        var type = strategy.StrategyInstance.GetType();
        if (type.Assembly != PollyCore || strategy.Options is not { } options)
        {
            return false;
        }

        var name = type.IsGenericType ? type.GetGenericTypeDefinition().FullName : type.FullName;
        return Stateless.Any(s => s.Strategy == name && Derives(options.GetType(), s.Options));
    }

    // Whether type is, or derives from, expected (a generic type definition matches any of its constructions).
    private static bool Derives(Type type, Type expected)
    {
        for (Type? t = type; t is not null; t = t.BaseType)
        {
            if (t == expected || (expected.IsGenericTypeDefinition && t.IsGenericType && t.GetGenericTypeDefinition() == expected))
            {
                return true;
            }
        }

        return false;
    }
}
