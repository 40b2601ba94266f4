using Microsoft.Extensions.DependencyInjection;

namespace Ldfi.Testing;

/// <summary>Makes a service's registered <see cref="TimeProvider"/> experiment-aware, whatever the application registered.</summary>
internal static class TimeProviderRegistration
{
    /// <summary>
    /// Replaces the last <see cref="TimeProvider"/> registration (or none: <see cref="TimeProvider.System"/>) by an
    /// <see cref="ExperimentTimeProvider"/> over it. Polly and Microsoft.Extensions.Http.Resilience resolve this provider.
    /// </summary>
    public static void Decorate(IServiceCollection services)
    {
        var existing = services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider) && !d.IsKeyedService);
        if (existing?.ImplementationInstance is ExperimentTimeProvider)
        {
            return;
        }

        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(TimeProvider) && !d.IsKeyedService).ToList())
        {
            services.Remove(descriptor);
        }

        services.AddSingleton<TimeProvider>(sp => new ExperimentTimeProvider(Resolve(sp, existing)) { ServiceName = sp.GetService<FaultInjectionOptions>()?.ServiceName });
    }

    private static TimeProvider Resolve(IServiceProvider services, ServiceDescriptor? descriptor) => descriptor switch
    {
        null => TimeProvider.System,
        { ImplementationInstance: TimeProvider instance } => instance,
        { ImplementationFactory: { } factory } => (TimeProvider)factory(services),
        { ImplementationType: { } type } => (TimeProvider)ActivatorUtilities.CreateInstance(services, type),
        _ => TimeProvider.System,
    };
}
