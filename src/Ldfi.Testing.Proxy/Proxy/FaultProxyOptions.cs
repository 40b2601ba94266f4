namespace Ldfi.Testing.Proxy;

/// <summary>How a <see cref="FaultProxy"/> listens and which faults it offers.</summary>
public sealed class FaultProxyOptions
{
    /// <summary>
    /// Gets or sets the loopback port the proxy listens on.
    /// <value>Defaults to 0: a free port chosen by the operating system.</value>
    /// </summary>
    public int Port { get; set; }

    /// <summary>
    /// Gets or sets the error statuses the proxied service can answer, offered as <see cref="FaultKind.Status"/> values
    /// (a proxy cannot read a service's endpoint metadata the way an in-process host can): like declared codes, they are
    /// added to <see cref="ExplorationOptions.StatusCodes"/>, and caller errors (400, 401, 403, …) only when
    /// <see cref="ExplorationOptions.CallerErrorStatuses"/> opts them in.
    /// <value>Defaults to null: the exploration's <see cref="ExplorationOptions.StatusCodes"/> (500 and 503). Its
    /// <see cref="ExplorationOptions.StatusCodesByCallee"/> entry for the service overrides both.</value>
    /// </summary>
    public IReadOnlyList<int>? StatusCodes { get; set; }

    /// <summary>
    /// Gets or sets how many requests that reached the proxy without an experiment are kept in
    /// <see cref="FaultProxy.Unattributed"/> (all are counted).
    /// <value>Defaults to 50.</value>
    /// </summary>
    public int UnattributedKept { get; set; } = 50;
}
