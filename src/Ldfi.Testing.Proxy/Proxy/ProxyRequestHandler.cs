using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Ldfi.Testing.Proxy;

/// <summary>
/// Serves one request at a fault proxy: finds its experiment and parent call, makes it a call site
/// (<c>caller → service METHOD /path #n</c>), injects the planned fault and forwards it with the call's own identity in
/// its baggage, so the service's outgoing calls name it as their parent.
/// </summary>
internal sealed class ProxyRequestHandler(string service, Uri target, FaultProxyOptions options, HttpMessageInvoker forwarder, UnattributedLog unattributed)
{
    public async Task HandleAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        var (experiment, callId, caller) = ProxyBaggage.Read(headers[ProxyBaggage.Header], headers[FaultInjection.ExperimentHeader], headers[FaultInjection.CallHeader]);
        if (experiment is null)
        {
            unattributed.Add(new UnattributedRequest(service, context.Request.Method, context.Request.Path.Value ?? "/", "no ldfi.experiment in its baggage"));
            await ForwardAsync(context, baggage: headers[ProxyBaggage.Header]).ConfigureAwait(false);
            return;
        }

        using var scope = FaultInjection.Restore(experiment, callId);
        if (FaultInjection.Current is null)
        {
            unattributed.Add(new UnattributedRequest(service, context.Request.Method, context.Request.Path.Value ?? "/", "its experiment has ended or is unknown"));
            await ForwardAsync(context, baggage: headers[ProxyBaggage.Header]).ConfigureAwait(false);
            return;
        }

        var ours = (IEnumerable<string?>)headers[ProxyBaggage.Header];
        if (caller is null)
        {
            // The test's own request, or an in-process instrumented caller's, which already made it a call site (it
            // carries the experiment, but no calling service): no call site here; its parent, if any, goes on.
            await ForwardAsync(context, ProxyBaggage.Compose(ours, experiment, callId, service)).ConfigureAwait(false);
            return;
        }

        var call = FaultInjection.BeginCall(caller, service, $"{context.Request.Method} {context.Request.Path.Value}", options.StatusCodes);
        if (call is null)
        {
            await ForwardAsync(context, baggage: headers[ProxyBaggage.Header]).ConfigureAwait(false);
            return;
        }

        await new ProxiedCall(call, context, forwarder, target).RunAsync(ProxyBaggage.Compose(ours, call.ExperimentId, call.CallId, service)).ConfigureAwait(false);
    }

    private async Task ForwardAsync(HttpContext context, string? baggage)
    {
        using var request = ProxyForwarding.CreateRequest(context, target, baggage);
        HttpResponseMessage response;
        try
        {
            response = await forwarder.SendAsync(request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            // As if the service itself were unreachable: the caller's connection ends without an answer.
            context.Abort();
            return;
        }

        using (response)
        {
            await ProxyForwarding.CopyResponseAsync(response, context).ConfigureAwait(false);
        }
    }

    internal static string Code(HttpResponseMessage response) => ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
}
