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

    private static readonly ConcurrentDictionary<Type, Func<object, ValueTask>?> Disposers = new();

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

    /// <summary>
    /// Removes the pipelines built under <paramref name="keys"/> at once, and disposes them on the thread pool: the
    /// registry no longer offers them, and the disposal (which may wait for executions still unwinding) stays off the
    /// path of the run that is ending.
    /// </summary>
    public static void Evict<TKey>(ResiliencePipelineRegistry<TKey> registry, IEnumerable<(TKey Key, Type Result)> keys)
        where TKey : notnull
    {
        var removed = new List<object>();
        foreach (var (key, result) in keys)
        {
            if (Cache(registry, result) is not { } cache || cache[key] is not { } pipeline)
            {
                continue;
            }

            cache.Remove(key);
            removed.Add(pipeline);
        }

        if (removed.Count > 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static pipelines => _ = DisposeAllAsync(pipelines), removed, preferLocal: false);
        }
    }

    private static async Task DisposeAllAsync(List<object> pipelines)
    {
        foreach (var pipeline in pipelines)
        {
            try
            {
                if (Disposer(pipeline.GetType()) is { } dispose)
                {
                    await dispose(pipeline).ConfigureAwait(false);
                }
            }
#pragma warning disable CA1031 // A strategy that fails to dispose must not become an unobserved task exception in the user's tests.
            catch (Exception)
#pragma warning restore CA1031
            {
                // Nothing more can be done for it; the registry no longer holds it either way.
            }
        }
    }

    // Per pipeline type, how to dispose one (null when Polly has no DisposeHelper there). The registry owns its
    // instances, so their helper refuses DisposeAsync ("owned by the pipeline registry"), as it should for the
    // application's code; the registry itself disposes them with ForceDisposeAsync, and so does the eviction, which
    // takes the registry's place for these instances. Kept, because reflection's own caches may be dropped at a GC, and
    // each new PropertyInfo then emits its invoke stub again: 20 methods compiled per 3,000 experiments.
    private static Func<object, ValueTask>? Disposer(Type pipelineType) => Disposers.GetOrAdd(pipelineType, static type =>
    {
        var helper = type.GetProperty("DisposeHelper", Private);
        var dispose = helper?.PropertyType.GetMethod("ForceDisposeAsync", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes);
        if (helper is null || dispose is null || dispose.ReturnType != typeof(ValueTask))
        {
            return null;
        }

        return pipeline => helper.GetValue(pipeline) is { } value ? (ValueTask)dispose.Invoke(value, null)! : ValueTask.CompletedTask;
    });

    // Looked up once per key type, not at every eviction.
    private static class Fields<TKey>
        where TKey : notnull
    {
        public static readonly FieldInfo? Pipelines = typeof(ResiliencePipelineRegistry<TKey>).GetField("_pipelines", Private);

        public static readonly FieldInfo? Generic = typeof(ResiliencePipelineRegistry<TKey>).GetField("_genericRegistry", Private);
    }
}
