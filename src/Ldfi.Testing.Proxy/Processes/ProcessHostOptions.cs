namespace Ldfi.Testing.Proxy;

/// <summary>How <see cref="ProcessHost"/> starts and stops its services.</summary>
public sealed class ProcessHostOptions
{
    /// <summary>Gets or sets how long a service may take to answer its health path. <value>Defaults to 60 seconds.</value></summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how long a service may take to exit after SIGTERM before it is killed. <value>Defaults to 5 seconds.</value></summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how many lines of each service's output are kept for error messages. <value>Defaults to 200.</value></summary>
    public int OutputLines { get; set; } = 200;

    /// <summary>
    /// Gets or sets the process whose end stops every service (their watchdog polls it).
    /// <value>Defaults to 0: the test process itself.</value>
    /// </summary>
    public int WatchedProcessId { get; set; }
}
