using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Ldfi.Testing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Ldfi.Testing's HTTP instrumentation in a service collection.</summary>
public static class FaultInjectionServiceCollectionExtensions
{
    /// <summary>
    /// Instruments a service: every IHttpClientFactory client gets a <see cref="FaultInjectionHandler"/> innermost (below
    /// the application's own retry and timeout handlers); the service's <see cref="TimeProvider"/> becomes an
    /// <see cref="ExperimentTimeProvider"/> over the registered one, and <c>HttpClient.Timeout</c> of its factory clients
    /// runs on it, so timers inside an experiment are virtual; the resilience pipelines of its factory clients get a fresh
    /// instance per experiment (circuit breakers and rate limiters never carry state from one experiment to another); and, in an ASP.NET Core host, incoming requests restore the
    /// running experiment and the parent call from their headers. Calls made outside an experiment pass through untouched.
    /// </summary>
    /// <param name="services">The service collection, typically in <c>ConfigureTestServices</c>.</param>
    /// <param name="serviceName">The service's name in call sites (for example <c>orders</c>).</param>
    /// <param name="configure">Optional further configuration.</param>
    /// <returns>The same service collection.</returns>
    /// <exception cref="InvalidOperationException">The collection was already instrumented under another name.</exception>
    public static IServiceCollection AddFaultInjection(this IServiceCollection services, string serviceName, Action<FaultInjectionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new FaultInjectionOptions(serviceName);
        configure?.Invoke(options);
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(FaultInjectionOptions))?.ImplementationInstance as FaultInjectionOptions;
        if (existing is not null)
        {
            return existing.ServiceName == serviceName ? services : throw new InvalidOperationException(
                $"AddFaultInjection(\"{serviceName}\") was called on services already instrumented as \"{existing.ServiceName}\". Give each service one name.");
        }

        services.AddHttpClient();
        services.AddSingleton(options);
        TimeProviderRegistration.Decorate(services);
        PipelineIsolation.Apply(services);
        services.AddSingleton<ClientTimeouts>();
        services.AddSingleton<IPostConfigureOptions<HttpClientFactoryOptions>>(sp => sp.GetRequiredService<ClientTimeouts>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter, FaultInjectionHandlerFilter>());
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, FaultInjectionStartupFilter>());
        return services;
    }
}
