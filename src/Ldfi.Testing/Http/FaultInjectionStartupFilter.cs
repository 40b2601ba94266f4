using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ldfi.Testing;

/// <summary>
/// Restores the experiment and the parent call from incoming request headers, first in the pipeline, so that the
/// calls a service makes while serving a request are attributed to the right experiment and parent; and publishes the
/// service's declared error statuses once it has started.
/// </summary>
internal sealed class FaultInjectionStartupFilter(FaultInjectionOptions options) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var services = app.ApplicationServices;
        DeclaredStatusCodes? declared = null;
        services.GetService<IHostApplicationLifetime>()?.ApplicationStarted.Register(() =>
        {
            if (services.GetService<EndpointDataSource>() is { } endpoints)
            {
                declared = DeclaredStatusCodes.Publish(options.ServiceName, endpoints);
            }
        });
        app.Use(async (context, nextMiddleware) =>
        {
            var headers = context.Request.Headers;
            string? experiment = headers[FaultInjection.ExperimentHeader];
            string? callId = FaultInjectionHeaders.CallId(headers[FaultInjection.CallHeader]);
            // gRPC calls keep their gRPC codes (ExplorationOptions.GrpcStatusCodes): HTTP declarations never apply to them.
            var grpc = context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
            var run = experiment is null ? null : RunContext.Find(experiment);
            if (run is not null && callId is not null && !grpc && run.FindCall(callId) is { } call)
            {
                // Null when this service declares nothing for the route: then the defaults apply, never the hint by
                // name, which may come from another test's service of the same name.
                run.Settings.Served(call, declared?.Find(context.Request.Method, context.Request.Path.Value ?? "/"));
            }

            using (FaultInjection.Restore(experiment, callId, options.ServiceName))
            {
                // The request has arrived, on a thread of the run now: its transit ends here, and starts again as the
                // response leaves, before this thread leaves the run (VirtualClock.Send).
                var transit = run?.Clock.FindTransit(headers[VirtualClock.TransitHeader]);
                transit?.Deliver();
                try
                {
                    await nextMiddleware(context).ConfigureAwait(false);
                }
                finally
                {
                    transit?.Return();
                }
            }
        });
        next(app);
    };
}
