using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Ldfi.Testing;

/// <summary>
/// A <see cref="DelegatingHandler"/> that makes every request of its client a call site of the running experiment
/// and injects the fault planned for it. Requests made outside an experiment pass through untouched and unrecorded.
/// </summary>
/// <remarks>
/// <see cref="FaultKind.Error"/> throws <see cref="HttpRequestException"/> without sending (like a refused connection);
/// <see cref="FaultKind.Status"/> answers the planned error status without sending; <see cref="FaultKind.Delay"/> sends
/// the request, lets the callee do its work, then holds the response back until the caller's cancellation (its timeout)
/// fires or the exploration's delay elapses. A gRPC request (<c>content-type: application/grpc</c>) is named by its gRPC method
/// and gets gRPC-native faults (docs/grpc.md). Place it innermost (closest to the transport), below retry and timeout
/// handlers, so they see every injected fault per attempt; <c>AddFaultInjection</c> does that for IHttpClientFactory clients.
/// </remarks>
public partial class FaultInjectionHandler : DelegatingHandler
{
    /// <summary>Initializes a new instance of the <see cref="FaultInjectionHandler"/> class.</summary>
    /// <param name="callerName">The name of the service that owns the client (the caller of every call site).</param>
    public FaultInjectionHandler(string callerName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callerName);
        CallerName = callerName;
    }

    /// <summary>Initializes a new instance of the <see cref="FaultInjectionHandler"/> class with an inner handler.</summary>
    /// <param name="callerName">The name of the service that owns the client (the caller of every call site).</param>
    /// <param name="innerHandler">The handler that sends the requests.</param>
    public FaultInjectionHandler(string callerName, HttpMessageHandler innerHandler)
        : this(callerName) => InnerHandler = innerHandler;

    /// <summary>Gets the name of the calling service.</summary>
    public string CallerName { get; }

    /// <summary>
    /// Gets or sets the name of the <c>IHttpClientFactory</c> client this handler serves, which names callees reached
    /// by address (loopback or an IP literal) in <see cref="DefaultCalleeName(HttpRequestMessage, string?)"/>.
    /// <value><c>AddFaultInjection</c> sets it to the client's name (a typed client's is its type name); null for a
    /// handler built by hand.</value>
    /// </summary>
    public string? ClientName { get; set; }

    /// <summary>
    /// Gets or sets how a request's callee is named. <value>Defaults to null:
    /// <see cref="DefaultCalleeName(HttpRequestMessage, string?)"/> with <see cref="ClientName"/>.</value>
    /// </summary>
    public Func<HttpRequestMessage, string>? CalleeName { get; set; }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Ambient.Value is null)
        {
            // No experiment: untouched, and none of the naming and route matching below.
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var callee = CalleeName?.Invoke(request) ?? DefaultCalleeName(request, ClientName);

        // Outermost in a client made by hand, this handler gets the token HttpClient armed its Timeout on.
        HttpClientTimeout.Adopt(ClientName ?? callee, madeByHand: true, cancellationToken);
        if (GrpcRequests.IsGrpc(request))
        {
            return await SendGrpcAsync(request, callee, cancellationToken).ConfigureAwait(false);
        }

        var path = request.RequestUri?.IsAbsoluteUri == true ? request.RequestUri.AbsolutePath : request.RequestUri?.OriginalString ?? "/";
        var call = FaultInjection.BeginCall(CallerName, callee, $"{request.Method.Method} {path}", DeclaredStatusCodes.Find(callee, request.Method.Method, path));
        if (call is null)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        switch (call.Fault)
        {
            case { Kind: FaultKind.Error } error:
                throw new HttpRequestException(HttpRequestError.ConnectionError, $"Ldfi.Testing injected a connection failure on {call.Site}.", new InjectedFaultException(error));
            case { Kind: FaultKind.Status, StatusCode: { } code }:
                return InjectedStatus(request, code, call.Site);
        }

        var response = await ForwardAsync(call, request, cancellationToken).ConfigureAwait(false);

        if (call.Fault is { Kind: FaultKind.Delay })
        {
            try
            {
                await call.HoldResponseAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        call.Complete(response.IsSuccessStatusCode, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return response;
    }

    /// <summary>
    /// Names a request's callee the way the handler does by default, with no port in any name: a host name is the
    /// callee (<c>http://payments/charges</c> → <c>payments</c>); an address (loopback, <c>localhost</c> or an IP
    /// literal, typically a stub or a server on a port chosen at random) is named by the client that called it, and
    /// without a client name loopback is <c>localhost</c> and an IP literal is the IP without its port.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="clientName">The <c>IHttpClientFactory</c> client that sends it, or null (or empty, the factory's
    /// default client) when there is none.</param>
    /// <returns>The callee's name in call sites.</returns>
    public static string DefaultCalleeName(HttpRequestMessage request, string? clientName)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = string.IsNullOrWhiteSpace(clientName) ? null : clientName;
        return request.RequestUri switch
        {
            { IsAbsoluteUri: true, IsLoopback: false, HostNameType: UriHostNameType.Dns or UriHostNameType.Basic } uri when uri.Host.Length > 0 => uri.Host,
            { IsAbsoluteUri: true } when client is not null => client,
            { IsAbsoluteUri: true, IsLoopback: true } => "localhost",
            { IsAbsoluteUri: true } uri when uri.Host.Length > 0 => uri.Host,
            _ => client ?? "unknown",
        };
    }

    private static HttpResponseMessage InjectedStatus(HttpRequestMessage request, int code, CallSite site)
    {
        var body = $$"""{"title":"Injected by Ldfi.Testing","status":{{code}},"detail":"Status {{code}} on {{site.ToString().Replace("\"", "'", StringComparison.Ordinal)}}"}""";
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/problem+json");
        return new HttpResponseMessage((HttpStatusCode)code) { RequestMessage = request, Content = content, ReasonPhrase = "Injected by Ldfi.Testing" };
    }
}
