using Microsoft.Extensions.Http;

namespace Ldfi.Testing;

/// <summary>
/// Adds the fault handler after the application's own configuration, so it sits innermost, below resilience handlers,
/// and tells it the client's name, which names callees reached by address.
/// </summary>
internal sealed class FaultInjectionHandlerFilter(FaultInjectionOptions options, ClientTimeouts timeouts, TimeProvider time) : IHttpMessageHandlerBuilderFilter
{
    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
    {
        next(builder);
        if (!builder.AdditionalHandlers.OfType<FaultInjectionHandler>().Any() && options.Includes(builder.Name))
        {
            builder.AdditionalHandlers.Add(new FaultInjectionHandler(options.ServiceName) { ClientName = builder.Name, CalleeName = options.CalleeName });

            // Outermost, where HttpClient.Timeout itself applies.
            builder.AdditionalHandlers.Insert(0, new ClientTimeoutHandler(options.ServiceName, builder.Name ?? string.Empty, timeouts, time));
        }
    };
}
