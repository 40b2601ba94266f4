using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace Ldfi.Testing.Hosting;

/// <summary>One service of a mesh: its registration, and once started, its in-memory server.</summary>
internal abstract class MeshService(string name) : IAsyncDisposable
{
    private HttpMessageInvoker? invoker;

    public string Name { get; } = name;

    public abstract string EntryPoint { get; }

    public abstract IServiceProvider Services { get; }

    public HttpMessageInvoker Invoker => invoker ?? throw new InvalidOperationException($"Service '{Name}' has not started.");

    /// <summary>Builds and starts the host. Not thread-safe: the mesh starts services one at a time.</summary>
    public void Start()
    {
        invoker ??= new HttpMessageInvoker(CreateServer().CreateHandler(), disposeHandler: true);
    }

    public abstract ValueTask DisposeAsync();

    protected abstract TestServer CreateServer();

    protected void DisposeInvoker() => invoker?.Dispose();
}

/// <summary>A service whose entry point is the assembly of <typeparamref name="TEntryPoint"/>, hosted by a <see cref="WebApplicationFactory{TEntryPoint}"/>.</summary>
internal sealed class MeshService<TEntryPoint>(
    ServiceMesh mesh,
    ServiceMeshOptions options,
    string name,
    Action<IServiceCollection>? configureServices,
    IReadOnlyDictionary<string, string?> configuration) : MeshService(name)
    where TEntryPoint : class
{
    private readonly Factory factory = new(mesh, options, name, configureServices, configuration);

    public override string EntryPoint => typeof(TEntryPoint).Assembly.GetName().Name ?? typeof(TEntryPoint).Name;

    public override IServiceProvider Services => factory.Services;

    public override async ValueTask DisposeAsync()
    {
        DisposeInvoker();
        await factory.DisposeAsync().ConfigureAwait(false);
    }

    protected override TestServer CreateServer() => factory.Server;

    private sealed class Factory(
        ServiceMesh mesh,
        ServiceMeshOptions options,
        string name,
        Action<IServiceCollection>? configureServices,
        IReadOnlyDictionary<string, string?> configuration) : WebApplicationFactory<TEntryPoint>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(options.Environment);
            builder.ConfigureAppConfiguration((_, config) => config
                .AddInMemoryCollection([new("Logging:LogLevel:Default", options.MinimumLogLevel.ToString())])
                .AddInMemoryCollection(options.Configuration)
                .AddInMemoryCollection(configuration));
            builder.ConfigureTestServices(services =>
            {
                if (options.EnableFaultInjection)
                {
                    services.AddFaultInjection(name);
                }

                services.AddSingleton<IHttpMessageHandlerBuilderFilter>(new MeshRoutingFilter(mesh));
                options.ConfigureServices?.Invoke(name, services);
                configureServices?.Invoke(services);
            });
            options.ConfigureWebHost?.Invoke(name, builder);
        }
    }
}
