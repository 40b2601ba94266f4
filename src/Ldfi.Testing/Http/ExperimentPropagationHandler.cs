namespace Ldfi.Testing;

/// <summary>
/// A <see cref="DelegatingHandler"/> for the test's own client: it tells the service under test which experiment is
/// running (so the service's calls are attributed to it) without making the request a call site itself, since faulting
/// the test's own request would only prove that a test fails when it cannot reach the system. Inside an experiment
/// the request is sent detached from the test (<c>DetachedSend</c>): the service runs on the thread pool, and the test's
/// cancellation ends its wait at once, whatever the service is doing.
/// </summary>
public sealed class ExperimentPropagationHandler : DelegatingHandler
{
    /// <summary>Initializes a new instance of the <see cref="ExperimentPropagationHandler"/> class.</summary>
    public ExperimentPropagationHandler()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ExperimentPropagationHandler"/> class with an inner handler.</summary>
    /// <param name="innerHandler">The handler that sends the requests.</param>
    public ExperimentPropagationHandler(HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Ambient.Value is not { } frame)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        // A stopped run cancels the test's own requests in flight, so its body unwinds before the next run starts;
        // requests made after the stop (a tear-down resetting shared state) go through.
        // The test's own client's Timeout (100 s unless set) was armed a moment ago on this stack: it ends the test's
        // wait, not a wait of the system under test, so a call only it could end is still reported as unguarded.
        HttpClientTimeout.Adopt(client: null, madeByHand: false, cancellationToken);

        FaultInjectionHeaders.Apply(request, frame.Run.Id, frame.Parent?.Site.Id);
        var transit = frame.Run.Clock.Send();
        FaultInjectionHeaders.Apply(request, transit);
        try
        {
            if (frame.Run.Stopping.IsCancellationRequested)
            {
                return await DetachedSend.SendAsync(request, base.SendAsync, cancellationToken).ConfigureAwait(false);
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, frame.Run.Stopping);
            return await DetachedSend.SendAsync(request, base.SendAsync, linked.Token).ConfigureAwait(false);
        }
        finally
        {
            transit?.Receive();
        }
    }
}
