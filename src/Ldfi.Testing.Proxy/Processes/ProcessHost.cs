using System.Globalization;

namespace Ldfi.Testing.Proxy;

/// <summary>
/// Starts services as processes of their own, each behind a <see cref="FaultProxy"/> on loopback, and points every
/// service at the others' proxies through configuration: <c>Services__Payments=http://127.0.0.1:port/</c> (bound by
/// <c>IOptions</c> classes, hyphens dropped: <c>inventory-replica</c> is <c>Services__InventoryReplica</c>) and Aspire's
/// <c>services__payments__http__0=http://127.0.0.1:port</c>. It waits until each answers its health path, and stops
/// everything it started on <see cref="DisposeAsync"/>, when the test process exits, and (through a watchdog per service)
/// when the test process is killed. Linux: each service runs in a session of its own (<c>setsid</c>). See docs/processes.md.
/// </summary>
public sealed class ProcessHost : IAsyncDisposable
{
    private readonly ProcessHostOptions options;
    private readonly List<ProcessService> services = [];
    private readonly Dictionary<string, (FaultProxy Proxy, Uri Direct, ServiceProcess? Process)> started = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Initializes a new instance of the <see cref="ProcessHost"/> class.</summary>
    /// <param name="options">How services start and stop, or null for the defaults.</param>
    public ProcessHost(ProcessHostOptions? options = null) => this.options = options ?? new ProcessHostOptions();

    /// <summary>Gets the proxies of the started services, by service name.</summary>
    public IReadOnlyDictionary<string, FaultProxy> Proxies => started.ToDictionary(p => p.Key, p => p.Value.Proxy, StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the requests any proxy of this host forwarded without a live experiment (see <see cref="FaultProxy.Unattributed"/>).</summary>
    public IReadOnlyList<UnattributedRequest> Unattributed => [.. started.Values.SelectMany(s => s.Proxy.Unattributed)];

    /// <summary>Gets how many requests any proxy of this host forwarded without a live experiment.</summary>
    public int UnattributedCount => started.Values.Sum(s => s.Proxy.UnattributedCount);

    /// <summary>Adds a service to start.</summary>
    /// <param name="service">The service.</param>
    /// <returns>This host.</returns>
    public ProcessHost Add(ProcessService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (started.Count > 0)
        {
            throw new InvalidOperationException("Add every service before StartAsync.");
        }

        if (services.Any(s => string.Equals(s.Name, service.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"A service named '{service.Name}' was already added.", nameof(service));
        }

        services.Add(service);
        return this;
    }

    /// <summary>Starts a proxy for every service, then every service, and waits until all answer their health paths.</summary>
    /// <param name="cancellationToken">Cancels the start; what was started is stopped.</param>
    /// <returns>A task that completes when every service is healthy.</returns>
    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("ProcessHost stops process groups through setsid, /proc and kill(2), which need Linux; FaultProxy alone works everywhere.");
        }

        try
        {
            foreach (var service in services)
            {
                var direct = new Uri($"http://127.0.0.1:{LoopbackPorts.Take(service.Name, service.Port)}/");
                var proxy = await FaultProxy.StartAsync(service.Name, direct, new FaultProxyOptions { StatusCodes = service.StatusCodes }, cancellationToken).ConfigureAwait(false);
                started[service.Name] = (proxy, direct, null);
            }

            var environment = ServiceEnvironment.Of(started.ToDictionary(s => s.Key, s => s.Value.Proxy.Address));
            foreach (var service in services)
            {
                var (proxy, direct, _) = started[service.Name];
                var own = new Dictionary<string, string>(environment, StringComparer.Ordinal)
                {
                    ["ASPNETCORE_URLS"] = direct.ToString().TrimEnd('/'),
                    ["PORT"] = direct.Port.ToString(CultureInfo.InvariantCulture),
                };
                started[service.Name] = (proxy, direct, ServiceProcess.Start(service, own, options));
            }

            await Task.WhenAll(started.Values.Select(s => s.Process!.WaitHealthyAsync(s.Direct, options.StartTimeout, cancellationToken))).ConfigureAwait(false);
        }
        catch
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Gets the proxy address of a service: where its callers, and the test, reach it.</summary>
    /// <param name="name">The service name.</param>
    /// <returns>The proxy's address.</returns>
    public Uri Address(string name) => Find(name).Proxy.Address;

    /// <summary>Gets the process group of a service (its watchdog's pid), for checks that nothing is left running.</summary>
    /// <param name="name">The service name.</param>
    /// <returns>The process group id.</returns>
    public int ProcessGroup(string name) => Find(name).Process?.Group ?? throw new InvalidOperationException($"Service '{name}' has not started.");

    /// <summary>
    /// Creates the test's own client for a service, through its proxy: it carries the running experiment (so the
    /// service's calls are attributed to it) and is not a call site itself, as <see cref="ExperimentPropagationHandler"/>.
    /// </summary>
    /// <param name="name">The service name.</param>
    /// <returns>A client whose base address is the service's proxy.</returns>
    public HttpClient CreateClient(string name) =>
        new(new ExperimentPropagationHandler(new SocketsHttpHandler { UseProxy = false })) { BaseAddress = Address(name) };

    /// <summary>Stops every service (the whole process group of each) and every proxy this host started.</summary>
    /// <returns>A task that completes when no process of this host is left.</returns>
    public async ValueTask DisposeAsync()
    {
        var all = started.Values.ToList();
        started.Clear();
        await Task.WhenAll(all.Where(s => s.Process is not null).Select(s => s.Process!.StopAsync(options.StopTimeout))).ConfigureAwait(false);
        foreach (var (proxy, _, _) in all)
        {
            await proxy.DisposeAsync().ConfigureAwait(false);
        }
    }

    private (FaultProxy Proxy, Uri Direct, ServiceProcess? Process) Find(string name) =>
        started.TryGetValue(name, out var s) ? s : throw new KeyNotFoundException($"No started service named '{name}'. Started: {string.Join(", ", started.Keys)}.");
}
