namespace Ldfi.Testing;

/// <summary>Thrown at a boundary that got an injected <see cref="FaultKind.Error"/> or <see cref="FaultKind.Status"/> fault.</summary>
public class InjectedFaultException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="InjectedFaultException"/> class.</summary>
    public InjectedFaultException()
        : this("A fault was injected.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InjectedFaultException"/> class.</summary>
    /// <param name="message">The message.</param>
    public InjectedFaultException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InjectedFaultException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The inner exception.</param>
    public InjectedFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InjectedFaultException"/> class.</summary>
    /// <param name="fault">The injected fault.</param>
    public InjectedFaultException(Fault fault)
        : base($"Ldfi.Testing injected {fault?.ToString() ?? "a fault"}.")
    {
        Fault = fault;
    }

    /// <summary>Gets the injected fault.</summary>
    public Fault? Fault { get; }

    /// <summary>Gets the injected status code, for a <see cref="FaultKind.Status"/> fault.</summary>
    public int? StatusCode => Fault?.StatusCode;
}
