namespace Ldfi.Testing;

/// <content>The gRPC side of the handler: calls named <c>package.Service/Method</c>, gRPC-native faults.</content>
public partial class FaultInjectionHandler
{
    private async Task<HttpResponseMessage> SendGrpcAsync(HttpRequestMessage request, string callee, CancellationToken cancellationToken)
    {
        var call = FaultInjection.BeginGrpcCall(CallerName, callee, GrpcRequests.Operation(request));
        if (call is null)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        switch (call.Fault)
        {
            case { Kind: FaultKind.Error } error:
                // Grpc.Net.Client maps a failed send to UNAVAILABLE only when a SocketException or IOException is inside it
                // (a refused connection has a SocketException); a bare HttpRequestException would be INTERNAL.
                var message = $"Ldfi.Testing injected a connection failure on {call.Site}.";
                throw new HttpRequestException(HttpRequestError.ConnectionError, message, new IOException(message, new InjectedFaultException(error)));
            case { Kind: FaultKind.Status, StatusCode: { } code } status:
                return GrpcResponses.TrailersOnly(request, code, $"Injected by Ldfi.Testing: {status}");
        }

        var response = await ForwardAsync(call, request, cancellationToken).ConfigureAwait(false);

        if (call.Fault is { Kind: FaultKind.Delay })
        {
            bool pastDeadline;
            try
            {
                pastDeadline = await GrpcDeadline.HoldAsync(call, GrpcRequests.Timeout(request), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                response.Dispose();
                throw;
            }

            if (pastDeadline)
            {
                // The server ran and answered; the caller's deadline passed first, so it sees what a late server gives.
                response.Dispose();
                call.Complete(false, GrpcStatusNames.Name(GrpcStatusNames.DeadlineExceeded));
                return GrpcResponses.TrailersOnly(request, GrpcStatusNames.DeadlineExceeded, "Deadline Exceeded");
            }
        }

        // A status in the headers is a trailers-only answer (an error before any message); otherwise it comes in the trailers.
        var grpcStatus = GrpcResponses.StatusOf(response);
        call.Complete(response.IsSuccessStatusCode && grpcStatus is null or 0, grpcStatus is { } s ? GrpcStatusNames.Name(s) : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return response;
    }

    /// <summary>
    /// Sends the request on with the experiment's headers, detached from the caller (<see cref="DetachedSend"/>): the
    /// caller's timeout ends its wait at once, as on a network, and the call remembers which timer that was. A failure of
    /// the send completes the call as failed.
    /// </summary>
    private async Task<HttpResponseMessage> ForwardAsync(BoundaryCall call, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        FaultInjectionHeaders.Apply(request, call.ExperimentId, call.CallId);
        var transit = call.Clock.Send();
        FaultInjectionHeaders.Apply(request, transit);
        try
        {
            return await DetachedSend.SendAsync(request, base.SendAsync, cancellationToken, call.GaveUp).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            call.Complete(false, ex.GetType().Name);
            throw;
        }
        finally
        {
            transit?.Receive();
        }
    }
}
