using Microsoft.AspNetCore.Http;

namespace Ldfi.Testing.Proxy;

/// <summary>
/// One call site at a proxy: Error resets the caller's connection without forwarding; Status answers without
/// forwarding; Delay forwards, lets the service answer in full, then holds the answer until the caller closes the
/// connection (its timeout), the run stops, or <see cref="ExplorationOptions.Delay"/> elapses.
/// </summary>
internal sealed class ProxiedCall(BoundaryCall call, HttpContext context, HttpMessageInvoker forwarder, Uri target)
{
    public async Task RunAsync(string baggage)
    {
        switch (call.Fault)
        {
            case { Kind: FaultKind.Error }:
                // The service never sees the request; the caller's connection ends without an answer.
                context.Abort();
                return;
            case { Kind: FaultKind.Status, StatusCode: { } code }:
                await ProxyForwarding.WriteStatusAsync(context, code, call.Site).ConfigureAwait(false);
                return;
        }

        using var request = ProxyForwarding.CreateRequest(context, target, baggage);
        HttpResponseMessage response;
        try
        {
            response = await forwarder.SendAsync(request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            call.Complete(false, ex.GetType().Name);
            context.Abort();
            return;
        }

        using (response)
        {
            if (call.Fault is { Kind: FaultKind.Delay })
            {
                await HoldAsync(response).ConfigureAwait(false);
                return;
            }

            call.Complete(response.IsSuccessStatusCode, ProxyRequestHandler.Code(response));
            await ProxyForwarding.CopyResponseAsync(response, context).ConfigureAwait(false);
        }
    }

    private async Task HoldAsync(HttpResponseMessage response)
    {
        try
        {
            // The whole answer first: the service has done its work, whatever the caller makes of the wait.
            await response.Content.LoadIntoBufferAsync(context.RequestAborted).ConfigureAwait(false);
            await call.HoldResponseInRealTimeAsync(context.RequestAborted, "the caller closed the connection").ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException)
        {
            call.Complete(false, "held until " + (context.RequestAborted.IsCancellationRequested ? "the caller closed the connection" : "the run ended"));
            context.Abort();
            return;
        }

        call.Complete(response.IsSuccessStatusCode, ProxyRequestHandler.Code(response));
        await ProxyForwarding.CopyResponseAsync(response, context).ConfigureAwait(false);
    }
}
