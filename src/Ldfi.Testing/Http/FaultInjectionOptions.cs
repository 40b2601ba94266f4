namespace Ldfi.Testing;

/// <summary>How <c>AddFaultInjection</c> instruments a service's outgoing and incoming HTTP calls.</summary>
public sealed class FaultInjectionOptions
{
    /// <summary>Initializes a new instance of the <see cref="FaultInjectionOptions"/> class.</summary>
    /// <param name="serviceName">The name of the instrumented service: the caller of its outgoing calls.</param>
    public FaultInjectionOptions(string serviceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        ServiceName = serviceName;
    }

    /// <summary>Gets the name of the instrumented service.</summary>
    public string ServiceName { get; }

    /// <summary>
    /// Gets or sets which IHttpClientFactory clients (by client name) are instrumented.
    /// <value>Defaults to null: every client.</value>
    /// </summary>
    public Func<string, bool>? ClientFilter { get; set; }

    /// <summary>
    /// Gets or sets how a request's callee is named, for every instrumented client.
    /// <value>Defaults to null: the request's host name (<c>http://payments/</c> → <c>payments</c>), and for a callee
    /// reached by address (loopback or an IP literal, such as a stub on a random port) the name of the
    /// <c>IHttpClientFactory</c> client that called it; ports never enter a name (see
    /// <see cref="FaultInjectionHandler.DefaultCalleeName(HttpRequestMessage, string?)"/>).</value>
    /// </summary>
    public Func<HttpRequestMessage, string>? CalleeName { get; set; }

    internal bool Includes(string? clientName) => ClientFilter is null || ClientFilter(clientName ?? string.Empty);
}
