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
            if (experiment is not null && callId is not null && declared?.Find(context.Request.Method, context.Request.Path.Value ?? "/") is { } codes
                && RunContext.Find(experiment) is { } run && run.FindCall(callId) is { } call)
            {
                run.Settings.Served(call, codes);
            }

            using (FaultInjection.Restore(experiment, callId))
            {
                await nextMiddleware(context).ConfigureAwait(false);
            }
        });
        next(app);
    };
}
