using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Ldfi.Testing;

/// <summary>
/// <c>HttpClient.Timeout</c> of an IHttpClientFactory client, moved onto the service's <see cref="TimeProvider"/>: the
/// factory's clients get an infinite <c>Timeout</c>, and this outermost handler applies the configured one instead,
/// with the same exception (<see cref="TaskCanceledException"/> around a <see cref="TimeoutException"/>). Outside an
/// experiment that is the real clock, as before; inside one, the experiment's virtual clock.
/// </summary>
internal sealed class ClientTimeoutHandler(string serviceName, string clientName, ClientTimeouts timeouts, TimeProvider time) : DelegatingHandler
{
    // The service and the factory client whose request is being sent in this flow (this handler is outermost), so the
    // timers its resilience handlers set are named after both in reports (ExperimentTimeProvider).
    private static readonly AsyncLocal<(string Service, string Client)?> Sending = new();

    /// <summary>Gets the factory client of <paramref name="service"/> whose request the current flow is sending, or null.</summary>
    public static string? ClientOf(string service) =>
        Sending.Value is { } sending && string.Equals(sending.Service, service, StringComparison.Ordinal) ? sending.Client : null;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Sending.Value = (serviceName, clientName);

        // A Timeout set on the client after the factory made it (a typed client's constructor) is a real timer.
        HttpClientTimeout.Adopt(clientName, madeByHand: false, cancellationToken);
        var timeout = timeouts.For(clientName);
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var label = string.Create(CultureInfo.InvariantCulture, $"HttpClient.Timeout ({Phrases.Duration(timeout)}) of {Phrases.Possessive(serviceName)} client '{clientName}'");
        return await SendWithinAsync(base.SendAsync, request, timeout, time, label, guard: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends within <paramref name="timeout"/> on <paramref name="time"/>, as <c>HttpClient.Timeout</c> does: past it, the
    /// request is cancelled and <see cref="TaskCanceledException"/> around a <see cref="TimeoutException"/> thrown.
    /// </summary>
    internal static async Task<HttpResponseMessage> SendWithinAsync(
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, HttpRequestMessage request, TimeSpan timeout, TimeProvider time, string label, bool guard, CancellationToken cancellationToken)
    {
        CancellationTokenSource expiry;
        using (VirtualClock.Labelled(label, guard))
        {
            expiry = new CancellationTokenSource(timeout, time);
        }

        using (expiry)
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token))
        {
            try
            {
                return await send(request, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (expiry.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TaskCanceledException(
                    string.Create(CultureInfo.InvariantCulture, $"The request was canceled due to the configured HttpClient.Timeout of {timeout.TotalSeconds} seconds elapsing."),
                    new TimeoutException(e.Message, e));
            }
        }
    }
}

/// <summary>The <c>HttpClient.Timeout</c> each named client was configured with, read when the factory creates a client.</summary>
internal sealed class ClientTimeouts(FaultInjectionOptions options) : IPostConfigureOptions<HttpClientFactoryOptions>
{
    private static readonly TimeSpan Default = TimeSpan.FromSeconds(100);
    private readonly ConcurrentDictionary<string, TimeSpan> byClient = new(StringComparer.Ordinal);

    public TimeSpan For(string clientName) => byClient.GetValueOrDefault(clientName, Default);

    /// <summary>Runs after the application's own configuration, so its last action sees the final Timeout.</summary>
    public void PostConfigure(string? name, HttpClientFactoryOptions factoryOptions)
    {
        ArgumentNullException.ThrowIfNull(factoryOptions);
        var client = name ?? string.Empty;
        if (!options.Includes(client))
        {
            return;
        }

        factoryOptions.HttpClientActions.Add(http =>
        {
            byClient[client] = http.Timeout;
            http.Timeout = Timeout.InfiniteTimeSpan;
        });
    }
}
