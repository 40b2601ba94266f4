using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Ldfi.Testing.Proxy;

namespace Ldfi.Testing.Aspire;

/// <summary>
/// Fault proxies for the resources of an Aspire app host under test. <see cref="Add"/>, before the app is built,
/// reserves a loopback port per resource and rewrites every resource's address variables for it
/// (<c>services__payments__http__0</c>, and <c>Services__Payments</c> where the app host sets it) to that port;
/// <see cref="StartAsync"/>, once the app runs, starts a <see cref="FaultProxy"/> on each port in front of the endpoint
/// Aspire allocated. Aspire (DCP) starts and stops the processes; the proxies inject the faults. See docs/processes.md.
/// </summary>
public sealed class AspireFaultProxies : IAsyncDisposable
{
    private readonly Dictionary<string, int> ports;
    private readonly Dictionary<string, FaultProxy> proxies = new(StringComparer.OrdinalIgnoreCase);

    private AspireFaultProxies(Dictionary<string, int> ports) => this.ports = ports;

    /// <summary>Gets the started proxy of a resource.</summary>
    /// <param name="resource">The resource name.</param>
    /// <returns>The proxy.</returns>
    public FaultProxy this[string resource] =>
        proxies.TryGetValue(resource, out var proxy) ? proxy : throw new KeyNotFoundException($"No started fault proxy for '{resource}'. Proxied: {string.Join(", ", ports.Keys)}; call StartAsync after the app has started.");

    /// <summary>Puts a fault proxy in front of each named resource of an app host under test, before it is built.</summary>
    /// <param name="builder">The testing builder, from <c>DistributedApplicationTestingBuilder.CreateAsync</c>.</param>
    /// <param name="resources">The resources to proxy: each must have an <c>http</c> endpoint.</param>
    /// <returns>The proxies, to start with <see cref="StartAsync"/> once the app runs.</returns>
    /// <exception cref="ArgumentException">A named resource is not in the app host.</exception>
    public static AspireFaultProxies Add(IDistributedApplicationTestingBuilder builder, params string[] resources)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(resources);
        var ports = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in resources)
        {
            if (!builder.Resources.OfType<IResourceWithEndpoints>().Any(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"The app host has no resource with endpoints named '{name}'.", nameof(resources));
            }

            ports[name] = LoopbackPorts.Take("aspire");
        }

        // Added after the app host's own annotations, so these callbacks run last and win.
        foreach (var resource in builder.Resources.OfType<IResourceWithEnvironment>().ToList())
        {
            builder.CreateResourceBuilder(resource).WithEnvironment(context => Rewrite(context.EnvironmentVariables, ports));
        }

        return new AspireFaultProxies(ports);
    }

    /// <summary>Starts the proxies in front of the endpoints the running app allocated.</summary>
    /// <param name="app">The started app.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when every proxy listens.</returns>
    public async Task StartAsync(DistributedApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        foreach (var (name, port) in ports)
        {
            proxies[name] = await FaultProxy.StartAsync(name, app.GetEndpoint(name, "http"), new FaultProxyOptions { Port = port }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Creates the test's own client for a resource, through its proxy (not a call site; it carries the experiment).</summary>
    /// <param name="resource">The resource name.</param>
    /// <returns>A client whose base address is the resource's proxy.</returns>
    public HttpClient CreateClient(string resource) =>
        new(new ExperimentPropagationHandler(new SocketsHttpHandler { UseProxy = false })) { BaseAddress = this[resource].Address };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var proxy in proxies.Values)
        {
            await proxy.DisposeAsync().ConfigureAwait(false);
        }

        proxies.Clear();
    }

    private static void Rewrite(Dictionary<string, object> variables, Dictionary<string, int> ports)
    {
        foreach (var key in variables.Keys.ToList())
        {
            foreach (var (name, port) in ports)
            {
                var address = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
                if (string.Equals(key, $"services__{name}__http__0", StringComparison.OrdinalIgnoreCase))
                {
                    variables[key] = address;
                }
                else if (string.Equals(key, $"Services__{Pascal(name)}", StringComparison.OrdinalIgnoreCase))
                {
                    variables[key] = address + "/";
                }
            }
        }
    }

    private static string Pascal(string name) =>
        string.Concat(name.Split(['-', '_', '.'], StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

}
