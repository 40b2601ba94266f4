using System.Globalization;

namespace Ldfi.Testing;

/// <summary>
/// The test's own client's <c>HttpClient.Timeout</c> (100 s unless set), for clients the tool makes
/// (<c>ServiceMesh.CreateClient</c>): the client's own Timeout is infinite and this outermost handler applies it instead,
/// on the experiment's clock inside an experiment (a timer that ends no wait of the system under test, so a call only
/// it could end is still reported as unguarded) and in real time outside one, throwing what <c>HttpClient</c> throws.
/// A real timer would cost the census a look at its arming stack on every request. A Timeout the test sets on the
/// client replaces this one, as it would on any client: it is a real timer, put on the clock here.
/// </summary>
internal sealed class TestClientTimeoutHandler(HttpMessageHandler inner, TimeSpan timeout) : DelegatingHandler(inner)
{
    /// <summary>The default of <c>HttpClient.Timeout</c>.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(100);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (RuntimeTimers.TryTimerOf(cancellationToken, out _, out _, out _))
        {
            // The test set the client's Timeout: HttpClient applies it, and it ends the test's wait only.
            HttpClientTimeout.Adopt(client: null, madeByHand: false, cancellationToken);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var label = string.Create(CultureInfo.InvariantCulture, $"HttpClient.Timeout ({Phrases.Duration(timeout)}) of the test's own client");
        return await ClientTimeoutHandler.SendWithinAsync(base.SendAsync, request, timeout, FaultInjection.TimeProvider, label, guard: false, cancellationToken).ConfigureAwait(false);
    }
}
