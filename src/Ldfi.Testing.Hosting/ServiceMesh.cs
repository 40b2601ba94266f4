using Microsoft.Extensions.DependencyInjection;

namespace Ldfi.Testing.Hosting;

/// <summary>
/// Several ASP.NET Core services in one test process, each in its own in-memory server, reaching each other by name:
/// every IHttpClientFactory client of every service sends <c>http://{name}/…</c> to the service added as <c>name</c>.
/// With <see cref="ServiceMeshOptions.EnableFaultInjection"/> (the default) each service is instrumented with
/// <c>AddFaultInjection(name)</c>, so an exploration sees every call between services as a call site.
/// </summary>
/// <remarks>
/// The whole mesh starts on first use (or at <see cref="StartAsync"/>), every service before the first request is
/// served, so that no request of an experiment pays for a cold start and every service's declared error statuses are
/// known from the first call. It is safe to share one mesh between tests, also running in parallel (as an xUnit class
/// or collection fixture); tests then keep their data apart, for example with a customer id per test.
/// </remarks>
public sealed class ServiceMesh : IAsyncDisposable
{
    private readonly ServiceMeshOptions options;
    private readonly Dictionary<string, MeshService> services = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<MeshService> ordered = [];
    private readonly Lock gate = new();
    private Task? starting;
    private bool disposed;

    /// <summary>Initializes a new instance of the <see cref="ServiceMesh"/> class with default options.</summary>
    public ServiceMesh()
        : this(new ServiceMeshOptions())
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ServiceMesh"/> class.</summary>
    /// <param name="options">Settings shared by every service.</param>
    public ServiceMesh(ServiceMeshOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
    }

    /// <summary>Gets the names of the services added, in the order they were added.</summary>
    public IReadOnlyList<string> ServiceNames
    {
        get
        {
            lock (gate)
            {
                return [.. ordered.Select(s => s.Name)];
            }
        }
    }

    /// <summary>
    /// Adds a service: the ASP.NET Core application whose entry point (<c>Program</c>) is in the assembly of
    /// <typeparamref name="TEntryPoint"/>, reachable by the other services at <c>http://{name}/</c>.
    /// The same application can be added several times under different names (a primary and a replica).
    /// </summary>
    /// <typeparam name="TEntryPoint">Any type of the service's assembly; a public marker type avoids the ambiguity of several <c>Program</c> classes.</typeparam>
    /// <param name="name">The service's name: its host name in URLs and its name in call sites, such as <c>payments</c>.</param>
    /// <param name="configureServices">Changes to the service's container, applied after the application's own registrations (for example <c>services.AddFaultBoundary&lt;ICardProcessor&gt;("card-processor")</c>).</param>
    /// <param name="configuration">Configuration values for this service, winning over the application's and <see cref="ServiceMeshOptions.Configuration"/>.</param>
    /// <returns>This mesh.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a host name, or is already taken.</exception>
    /// <exception cref="InvalidOperationException">The mesh has already started.</exception>
    public ServiceMesh Add<TEntryPoint>(string name, Action<IServiceCollection>? configureServices = null, Dictionary<string, string?>? configuration = null)
        where TEntryPoint : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (Uri.CheckHostName(name) != UriHostNameType.Dns)
        {
            throw new ArgumentException($"'{name}' is not a valid service name: it is used as a host name (http://{name}/), so use letters, digits, '-' and '.'.", nameof(name));
        }

        var settings = new Dictionary<string, string?>(configuration ?? [], StringComparer.OrdinalIgnoreCase);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (starting is not null)
            {
                throw new InvalidOperationException($"Cannot add '{name}': the mesh has already started. Add every service before the first request.");
            }

            if (services.ContainsKey(name))
            {
                throw new ArgumentException($"A service named '{name}' is already in the mesh.", nameof(name));
            }

            var service = new MeshService<TEntryPoint>(this, options, name.ToLowerInvariant(), configureServices, settings);
            services.Add(name, service);
            ordered.Add(service);
        }

        return this;
    }

    /// <summary>
    /// Creates a client for the test itself, with base address <c>http://{name}/</c>. It carries the running
    /// experiment to the service but is not a call site: faulting the test's own request would only prove that a test
    /// fails when it cannot reach the system. Requests to other mesh hosts by absolute URL are routed too. Its
    /// <see cref="HttpClient.Timeout"/> reads infinite: HttpClient's default 100 s is applied by its outermost handler, on
    /// the experiment's clock inside an experiment; a Timeout you set replaces it.
    /// </summary>
    /// <param name="name">The service to call.</param>
    /// <returns>A new client; dispose it when done.</returns>
    /// <exception cref="ArgumentException">No service has that name.</exception>
    public HttpClient CreateClient(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var service = Find(name) ?? throw new ArgumentException(UnknownService(name, "CreateClient"), nameof(name));
        // HttpClient's default 100 s Timeout, applied on the experiment's clock by the outermost handler (a Timeout the
        // test sets replaces it).
        return new HttpClient(new TestClientTimeoutHandler(new ExperimentPropagationHandler(new MeshRouter(this)), TestClientTimeoutHandler.Default), disposeHandler: true)
        {
            BaseAddress = new Uri($"http://{service.Name}/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>
    /// Creates a bare handler that sends requests to the mesh's services by host name, without any instrumentation:
    /// the transport for clients built by hand, for example under a <see cref="FaultInjectionHandler"/>.
    /// </summary>
    /// <returns>A new handler.</returns>
    public HttpMessageHandler CreateHandler() => new MeshRouter(this);

    /// <summary>Gets a started service's container, to reach its state (such as an in-memory store) from a test.</summary>
    /// <param name="name">The service.</param>
    /// <returns>The service's root service provider.</returns>
    /// <exception cref="ArgumentException">No service has that name.</exception>
    public IServiceProvider GetServices(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var service = Find(name) ?? throw new ArgumentException(UnknownService(name, "GetServices"), nameof(name));
        StartAsync().GetAwaiter().GetResult();
        return service.Services;
    }

    /// <summary>Starts every service now, instead of on first use. Calling it again waits for the same start.</summary>
    /// <param name="cancellationToken">Stops waiting (the start itself goes on).</param>
    /// <returns>A task that completes when every service has started.</returns>
    /// <exception cref="InvalidOperationException">The mesh has no service.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        Task task;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (services.Count == 0)
            {
                throw new InvalidOperationException("The mesh has no service: add them with Add<TEntryPoint>(name) first.");
            }

            task = starting ??= StartAll([.. ordered]);
        }

        return task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops and disposes every service.</summary>
    /// <returns>A task that completes when every service is disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        MeshService[] all;
        Task? started;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            all = [.. ordered];
            started = starting;
        }

        if (started is not null)
        {
            try
            {
                await started.ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // A service that failed to start is disposed like the others.
            }
        }

        foreach (var service in all)
        {
            await service.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal async Task<MeshService> ResolveAsync(Uri? uri, CancellationToken cancellationToken)
    {
        if (uri is not { IsAbsoluteUri: true })
        {
            throw new InvalidOperationException($"ServiceMesh routes requests by host, but got the relative URI '{uri}'. Give the client a base address such as http://{(ServiceNames is [var first, ..] ? first : "orders")}/.");
        }

        var service = Find(uri.Host) ?? throw new InvalidOperationException(UnknownService(uri.Host, $"A request to {uri.GetLeftPart(UriPartial.Path)}"));
        await StartAsync(cancellationToken).ConfigureAwait(false);
        return service;
    }

    private static Task StartAll(MeshService[] all)
    {
        // Start outside the caller's execution context: the services' background work must not inherit the experiment
        // (or anything else) of the test that happened to make the first request.
        var suppressed = ExecutionContext.IsFlowSuppressed() ? default(AsyncFlowControl?) : ExecutionContext.SuppressFlow();
        try
        {
            return Task.Run(() =>
            {
                // One at a time: WebApplicationFactory intercepts the host being built by listening process-wide.
                foreach (var service in all)
                {
                    try
                    {
                        service.Start();
                    }
                    catch (Exception ex)
                    {
                        throw new InvalidOperationException($"Service '{service.Name}' ({service.EntryPoint}) failed to start: {ex.Message}", ex);
                    }
                }
            });
        }
        finally
        {
            suppressed?.Undo();
        }
    }

    private MeshService? Find(string name)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return services.GetValueOrDefault(name);
        }
    }

    private string UnknownService(string name, string what) =>
        $"{what}: no service named '{name}' is in the mesh. Its services are: {string.Join(", ", ServiceNames)}. " +
        $"Add it with .Add<TEntryPoint>(\"{name}\"), or point the client's base address at one of those (configuration such as Services:<Name> = http://<service>/).";
}
