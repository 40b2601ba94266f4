using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ldfi.Testing.Hosting;

/// <summary>Settings shared by every service of a <see cref="ServiceMesh"/>.</summary>
public sealed class ServiceMeshOptions
{
    /// <summary>Gets configuration values given to every service; a service's own values win over these.</summary>
    /// <value>Defaults to empty.</value>
    public IDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the hosting environment of every service.</summary>
    /// <value>Defaults to <c>Development</c>, as <c>WebApplicationFactory</c> does, so unhandled exceptions show in responses.</value>
    public string Environment { get; set; } = "Development";

    /// <summary>Gets or sets a value indicating whether every service is instrumented with <c>AddFaultInjection(name)</c>.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool EnableFaultInjection { get; set; } = true;

    /// <summary>Gets or sets the least severe log level the services write (configuration key <c>Logging:LogLevel:Default</c>).</summary>
    /// <value>
    /// Defaults to <see cref="LogLevel.None"/>: an exploration runs the system hundreds of times and every injected fault
    /// makes the services log warnings and errors (Polly logs each timeout as an error). Unhandled exceptions still reach
    /// the test in the response body, through the Development exception page.
    /// </value>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.None;

    /// <summary>Gets or sets a callback that configures every service's container (arguments: service name, services), after the application's own registrations.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public Action<string, IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Gets or sets a callback that configures every service's web host (arguments: service name, builder), the last word on it.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public Action<string, IWebHostBuilder>? ConfigureWebHost { get; set; }
}
