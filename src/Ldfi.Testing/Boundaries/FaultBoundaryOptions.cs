namespace Ldfi.Testing;

/// <summary>Settings of an interface boundary registered with <c>AddFaultBoundary&lt;TService&gt;</c>.</summary>
public sealed class FaultBoundaryOptions
{
    /// <summary>Gets or sets the caller name recorded for calls through the boundary.</summary>
    /// <value>
    /// Defaults to <see langword="null"/>: the service serving the current request (the callee of the
    /// parent call), or <c>test</c> when the test calls the boundary directly.
    /// </value>
    public string? Caller { get; set; }

    /// <summary>Gets or sets the exception thrown for an injected <see cref="FaultKind.Error"/>.</summary>
    /// <value>Defaults to an <see cref="InjectedFaultException"/> that names the call site.</value>
    public Func<Fault, Exception> ErrorFactory { get; set; } = fault => new InjectedFaultException(fault);
}
