using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Polly.Registry;

namespace Ldfi.Testing;

/// <summary>
/// Registers <see cref="ExperimentPipelineProvider{TKey}"/> over Microsoft.Extensions.Http.Resilience's pipeline registry,
/// when the service uses it. Its key type is internal, so it is found by shape: a <c>HttpKey(string Name, string InstanceName)</c>.
/// </summary>
internal static class PipelineIsolation
{
    /// <summary>The text every experiment instance's key carries in its instance name, before the experiment's id.</summary>
    public const string Marker = "|ldfi-experiment:";

    public static void Apply(IServiceCollection services)
    {
        var provider = services.LastOrDefault(d => !d.IsKeyedService && d.ServiceType is { IsGenericType: true } t
            && t.GetGenericTypeDefinition() == typeof(ResiliencePipelineProvider<>) && t.GenericTypeArguments[0].Name == "HttpKey");
        if (provider is null || IsolateFor(provider.ServiceType.GenericTypeArguments[0]) is not { } isolate)
        {
            return;
        }

        var key = provider.ServiceType.GenericTypeArguments[0];
        var registry = typeof(ResiliencePipelineRegistry<>).MakeGenericType(key);
        var decorator = typeof(ExperimentPipelineProvider<>).MakeGenericType(key);
        services.Remove(provider);
        services.AddSingleton(provider.ServiceType, sp => Activator.CreateInstance(decorator, sp.GetRequiredService(registry), isolate)!);
    }

    /// <summary>A function giving the key of a pipeline's instance for one experiment, or null when the key has another shape.</summary>
    private static Delegate? IsolateFor(Type key)
    {
        var name = key.GetProperty("Name");
        var instance = key.GetProperty("InstanceName");
        var ctor = key.GetConstructor([typeof(string), typeof(string)]);
        if (name?.PropertyType != typeof(string) || instance?.PropertyType != typeof(string) || ctor is null)
        {
            return null;
        }

        var method = typeof(PipelineIsolation).GetMethod(nameof(Isolate), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(key);
        return (Delegate)method.Invoke(null, [name, instance, ctor])!;
    }

    // Compiled once per key type: the key is made on every pipeline lookup of every call in an experiment, where
    // reflection's Invoke and GetValue cost a few microseconds each.
    private static Func<TKey, string, TKey> Isolate<TKey>(PropertyInfo name, PropertyInfo instance, ConstructorInfo ctor)
    {
        var key = Expression.Parameter(typeof(TKey), "key");
        var experiment = Expression.Parameter(typeof(string), "experiment");
        var concat = typeof(string).GetMethod(nameof(string.Concat), [typeof(string), typeof(string), typeof(string)])!;
        var instanceName = Expression.Call(concat, Expression.Property(key, instance), Expression.Constant(Marker), experiment);
        var body = Expression.New(ctor, Expression.Property(key, name), instanceName);
        return Expression.Lambda<Func<TKey, string, TKey>>(body, key, experiment).Compile();
    }
}
