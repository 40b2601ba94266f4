namespace Ldfi.Testing.Proxy;

/// <summary>
/// A service that <see cref="ProcessHost"/> starts as a process of its own: a built .NET project, a .NET assembly, or
/// any executable (Node.js, Python, Go…) with its arguments. The host tells it its port through <c>ASPNETCORE_URLS</c>
/// and <c>PORT</c>, and where the other services' proxies are through configuration variables (docs/processes.md).
/// </summary>
public sealed class ProcessService
{
    /// <summary>Initializes a new instance of the <see cref="ProcessService"/> class.</summary>
    /// <param name="name">The service's name in call sites and configuration (for example <c>payments</c>).</param>
    /// <param name="fileName">The executable to start.</param>
    /// <param name="arguments">Its arguments.</param>
    public ProcessService(string name, string fileName, params string[] arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        Name = name;
        FileName = fileName;
        Arguments = arguments;
    }

    /// <summary>Gets the service's name.</summary>
    public string Name { get; }

    /// <summary>Gets the executable to start.</summary>
    public string FileName { get; }

    /// <summary>Gets its arguments.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Gets or sets the working directory. <value>Defaults to null: the test process's current directory.</value></summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Gets extra environment variables for the process. <value>Defaults to empty.</value></summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets the path the host polls until the service answers (any HTTP status counts as up).
    /// <value>Defaults to <c>/</c>.</value>
    /// </summary>
    public string HealthPath { get; set; } = "/";

    /// <summary>
    /// Gets or sets the port the service listens on. <value>Defaults to 0: a free loopback port chosen by the host.</value>
    /// </summary>
    public int Port { get; set; }

    /// <summary>
    /// Gets or sets the error statuses the service can answer, offered as Status faults on calls to it
    /// (<see cref="FaultProxyOptions.StatusCodes"/>). <value>Defaults to null: the exploration's status codes.</value>
    /// </summary>
    public IReadOnlyList<int>? StatusCodes { get; set; }

    /// <summary>A built .NET project, started with <c>dotnet run --no-build --project</c> (build it first, as <c>dotnet test</c> does for referenced projects).</summary>
    /// <param name="name">The service's name.</param>
    /// <param name="projectPath">The project file or its folder.</param>
    /// <returns>The service.</returns>
    public static ProcessService DotnetProject(string name, string projectPath) =>
        new(name, "dotnet", "run", "--no-build", "--no-launch-profile", "--project", projectPath);

    /// <summary>A .NET assembly, started with <c>dotnet &lt;dll&gt;</c>: faster than <c>dotnet run</c>, which builds its own view of the project first.</summary>
    /// <param name="name">The service's name.</param>
    /// <param name="assemblyPath">The service's .dll.</param>
    /// <returns>The service, with its working directory set to the assembly's folder (where its appsettings.json is).</returns>
    public static ProcessService DotnetAssembly(string name, string assemblyPath) =>
        new(name, "dotnet", assemblyPath) { WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(assemblyPath)) };
}
