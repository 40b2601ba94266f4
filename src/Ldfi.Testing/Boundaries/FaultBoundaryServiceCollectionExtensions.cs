using Microsoft.Extensions.DependencyInjection;

namespace Ldfi.Testing;

/// <summary>Registers interfaces as fault boundaries: every method call through them becomes a call site.</summary>
public static class FaultBoundaryServiceCollectionExtensions
{
    /// <summary>
    /// Replaces the last registration of <typeparamref name="TService"/> with a Castle DynamicProxy whose methods
    /// are call sites named <paramref name="boundaryName"/> (property accessors are not): <see cref="FaultKind.Error"/> throws, <see cref="FaultKind.Delay"/>
    /// runs the method then holds its result (honouring a <see cref="CancellationToken"/> argument), and
    /// <see cref="FaultKind.Status"/> does not apply. The original registration's lifetime is kept.
    /// </summary>
    /// <typeparam name="TService">The interface to wrap; it must already be registered.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="boundaryName">The callee name recorded for calls through the interface, such as <c>payments</c>.</param>
    /// <param name="configure">Optional settings.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="InvalidOperationException"><typeparamref name="TService"/> is not an interface, or is not registered yet.</exception>
    public static IServiceCollection AddFaultBoundary<TService>(this IServiceCollection services, string boundaryName, Action<FaultBoundaryOptions>? configure = null)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(boundaryName);
        if (!typeof(TService).IsInterface)
        {
            throw new InvalidOperationException($"AddFaultBoundary<{typeof(TService).Name}>: only interfaces can be boundaries. Register the dependency behind an interface and wrap that.");
        }

        var index = LastIndexOf(services, typeof(TService));
        if (index < 0)
        {
            throw new InvalidOperationException($"AddFaultBoundary<{typeof(TService).Name}>(\"{boundaryName}\"): {typeof(TService).Name} is not registered. Register it first (for example services.AddSingleton<{typeof(TService).Name}, Impl>()), then call AddFaultBoundary.");
        }

        var options = new FaultBoundaryOptions();
        configure?.Invoke(options);
        var original = services[index];
        var interceptor = new FaultBoundaryInterceptor(boundaryName, options);
        services[index] = ServiceDescriptor.Describe(
            typeof(TService),
            sp => FaultBoundaryInterceptor.Generator.CreateInterfaceProxyWithTargetInterface((TService)Create(sp, original), interceptor),
            original.Lifetime);
        return services;
    }

    private static int LastIndexOf(IServiceCollection services, Type type)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == type && !services[i].IsKeyedService)
            {
                return i;
            }
        }

        return -1;
    }

    private static object Create(IServiceProvider provider, ServiceDescriptor original) =>
        original.ImplementationInstance
        ?? original.ImplementationFactory?.Invoke(provider)
        ?? ActivatorUtilities.CreateInstance(provider, original.ImplementationType!);
}
