using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ldfi.Testing.Proxy;

/// <summary>
/// A loopback HTTP listener in front of one service in another process (or written in another language): every
/// request its callers send through it is a call site of the running experiment, named
/// <c>caller → service METHOD /path #n</c> like an in-process call, and gets the planned fault. The experiment, the
/// parent call and the caller come from the W3C <c>baggage</c> header (<c>ldfi.experiment</c>, <c>ldfi.call</c>,
/// <c>ldfi.service</c>); the proxy forwards the call's own identity in it, so the service's outgoing calls (through
/// the other services' proxies) name it as their parent. Requests without an experiment pass through untouched and
/// are counted in <see cref="Unattributed"/>. The proxy runs in the test process, beside the explorer. See docs/processes.md.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpMessageInvoker forwarder;
    private readonly UnattributedLog unattributed;

    private FaultProxy(string service, Uri target, WebApplication app, HttpMessageInvoker forwarder, UnattributedLog unattributed, Uri address)
    {
        Service = service;
        Target = target;
        this.app = app;
        this.forwarder = forwarder;
        this.unattributed = unattributed;
        Address = address;
    }

    /// <summary>Gets the name of the proxied service: the callee of every call site through this proxy.</summary>
    public string Service { get; }

    /// <summary>Gets the address of the proxied service.</summary>
    public Uri Target { get; }

    /// <summary>Gets the proxy's own address (<c>http://127.0.0.1:port/</c>): give it to the service's callers.</summary>
    public Uri Address { get; }

    /// <summary>Gets how many requests reached the proxy without a live experiment (outside explorations, or from a caller that dropped the baggage).</summary>
    public int UnattributedCount => unattributed.Count;

    /// <summary>Gets the first requests that reached the proxy without a live experiment (see <see cref="FaultProxyOptions.UnattributedKept"/>).</summary>
    public IReadOnlyList<UnattributedRequest> Unattributed => unattributed.Requests;

    /// <summary>Starts a proxy for <paramref name="service"/> at <paramref name="target"/>.</summary>
    /// <param name="service">The service's name in call sites (for example <c>payments</c>).</param>
    /// <param name="target">Where the service listens (for example <c>http://127.0.0.1:5003/</c>).</param>
    /// <param name="options">The proxy's options, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The started proxy.</returns>
    /// <exception cref="InvalidOperationException">The port of <see cref="FaultProxyOptions.Port"/> is in use.</exception>
    public static async Task<FaultProxy> StartAsync(string service, Uri target, FaultProxyOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        ArgumentNullException.ThrowIfNull(target);
        options ??= new FaultProxyOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        var forwarder = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false, AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None,

            // The caller's traceparent goes on as it came: the proxy is no span of its own.
            ActivityHeadersPropagator = null,
        });
        var log = new UnattributedLog(options.UnattributedKept);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        var handler = new ProxyRequestHandler(service, target, options, forwarder, log);
        app.Run(handler.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await app.DisposeAsync().ConfigureAwait(false);
            forwarder.Dispose();
            throw new InvalidOperationException($"The fault proxy for '{service}' cannot listen on 127.0.0.1:{options.Port}: the port is in use.", ex);
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FaultProxy(service, target, app, forwarder, log, new Uri(new Uri(bound.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)), "/"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        forwarder.Dispose();
    }
}
