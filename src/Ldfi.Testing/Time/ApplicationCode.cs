using System.Reflection;
using System.Text.Json;

namespace Ldfi.Testing;

/// <summary>
/// Tells the application's (and tests') own code from libraries, for <see cref="TimerCensus"/>: a timer armed by a
/// library guards that library's own I/O. The application's assemblies are the projects of the dependency files the
/// process was started with (<c>*.deps.json</c>, libraries of type <c>project</c>) and the entry assembly; everything
/// from a package, the framework, and the tool itself is a library. Without dependency files, a list of well-known
/// library names decides.
/// </summary>
internal static class ApplicationCode
{
    private static readonly HashSet<string> ToolAssemblies = new(StringComparer.Ordinal)
    {
        "Ldfi.Testing", "Ldfi.Testing.Hosting", "Ldfi.Testing.Data", "Ldfi.Testing.EntityFrameworkCore", "Ldfi.Testing.Proxy",
        "Ldfi.Testing.Aspire", "Ldfi.Testing.Xunit", "Ldfi.Testing.XunitV3", "Ldfi.Testing.NUnit", "Ldfi.Testing.MSTest", "Ldfi.Testing.TUnit",
    };

    // Names and name prefixes (a name, or a name followed by a dot) of well-known libraries, for a process without
    // dependency files.
    private static readonly string[] Libraries =
    [
        "System", "Microsoft", "mscorlib", "netstandard", "Polly", "Grpc", "Google", "Castle", "DynamicProxyGenAssembly2", "Npgsql",
        "StackExchange", "MongoDB", "RabbitMQ", "Confluent", "Azure", "AWSSDK", "Amazon", "Dapper", "WireMock", "MassTransit",
        "NServiceBus", "Elastic", "MySql", "MySqlConnector", "Oracle", "Pomelo", "Quartz", "Hangfire", "Serilog", "NLog", "Newtonsoft",
        "Refit", "RestSharp", "Flurl", "Yarp", "Orleans", "Dapr", "OpenTelemetry", "Aspire", "xunit", "nunit", "NUnit", "MSTest", "TUnit",
    ];

    private static readonly Lazy<HashSet<string>?> Projects = new(ReadProjects);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Assembly, bool> Known = new();

    /// <summary>Gets a value indicating whether the process's dependency files told the application's projects (else the list of library names decides).</summary>
    public static bool FromDependencyFiles => Projects.Value is not null;

    /// <summary>Tells whether <paramref name="assembly"/> is the application's or the test's own code.</summary>
    public static bool Contains(Assembly assembly) => Known.GetOrAdd(assembly, static a =>
    {
        var name = a.GetName().Name ?? string.Empty;
        if (a.IsDynamic || ToolAssemblies.Contains(name) || a == typeof(object).Assembly)
        {
            return false;
        }

        if (Projects.Value is { } projects)
        {
            return projects.Contains(name) || a == Assembly.GetEntryAssembly();
        }

        return !Libraries.Any(l => name.Equals(l, StringComparison.OrdinalIgnoreCase) || name.StartsWith(l + ".", StringComparison.OrdinalIgnoreCase));
    });

    private static HashSet<string>? ReadProjects()
    {
        try
        {
            if (AppContext.GetData("APP_CONTEXT_DEPS_FILES") is not string files)
            {
                return null;
            }

            var projects = new HashSet<string>(StringComparer.Ordinal);
            // The host lists them separated by ';' on every platform.
            foreach (var file in files.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(File.Exists))
            {
                using var document = JsonDocument.Parse(File.ReadAllText(file));
                if (document.RootElement.TryGetProperty("libraries", out var libraries))
                {
                    foreach (var library in libraries.EnumerateObject())
                    {
                        if (library.Value.TryGetProperty("type", out var type) && type.GetString() == "project")
                        {
                            projects.Add(library.Name.Split('/')[0]);
                        }
                    }
                }
            }

            return projects.Count > 0 ? projects : null;
        }
#pragma warning disable CA1031 // An unreadable dependency file leaves the list of library names to decide.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
