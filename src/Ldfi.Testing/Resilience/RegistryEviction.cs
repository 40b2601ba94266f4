using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using Polly.Registry;

namespace Ldfi.Testing;

/// <summary>
/// Takes an experiment's own pipeline instances out of the application's <see cref="ResiliencePipelineRegistry{TKey}"/>
/// when the experiment ends, and disposes them (a circuit breaker's task executor, reload registrations): the registry
/// caches every instance it builds and offers no way to remove one, so without this each experiment would leave
/// about 25 KB behind for the life of the service. Polly keeps these caches in private fields; when a version
/// of Polly names them differently, nothing is removed and nothing fails.
/// </summary>
internal static class RegistryEviction
{
    private const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;

    /// <summary>The registry's cache of pipelines built for <paramref name="result"/> (typeof(void): untyped), or null.</summary>
    public static IDictionary? Cache<TKey>(ResiliencePipelineRegistry<TKey> registry, Type result)
        where TKey : notnull
    {
        if (result == typeof(void))
        {
            return Fields<TKey>.Pipelines?.GetValue(registry) as IDictionary;
        }

        var generic = Fields<TKey>.Generic?.GetValue(registry) as ConcurrentDictionary<Type, object>;
        return generic is not null && generic.TryGetValue(result, out var typed)
            ? typed.GetType().GetField("_pipelines", Private)?.GetValue(typed) as IDictionary
            : null;
    }

    /// <summary>Removes the pipelines built under <paramref name="keys"/> and disposes them.</summary>
    public static async Task EvictAsync<TKey>(ResiliencePipelineRegistry<TKey> registry, IEnumerable<(TKey Key, Type Result)> keys)
        where TKey : notnull
    {
        foreach (var (key, result) in keys)
        {
            if (Cache(registry, result) is not { } cache || cache[key] is not { } pipeline)
            {
                continue;
            }

            cache.Remove(key);
            if (pipeline.GetType().GetProperty("DisposeHelper", Private)?.GetValue(pipeline) is { } helper &&
                helper.GetType().GetMethod("DisposeAsync", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)?.Invoke(helper, null) is ValueTask disposing)
            {
                await disposing.ConfigureAwait(false);
            }
        }
    }

    // Looked up once per key type, not at every eviction.
    private static class Fields<TKey>
        where TKey : notnull
    {
        public static readonly FieldInfo? Pipelines = typeof(ResiliencePipelineRegistry<TKey>).GetField("_pipelines", Private);

        public static readonly FieldInfo? Generic = typeof(ResiliencePipelineRegistry<TKey>).GetField("_genericRegistry", Private);
    }
}
