namespace Ldfi.Testing;

/// <summary>The failure of a <c>[FaultTolerant]</c> test, or of one of its experiments, as the test framework reported it (shared by every adapter).</summary>
public sealed class FaultToleranceException : Exception
{
    private readonly string? stackTrace;

    /// <summary>Initializes a new instance of the <see cref="FaultToleranceException"/> class.</summary>
    public FaultToleranceException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FaultToleranceException"/> class.</summary>
    /// <param name="message">The message.</param>
    public FaultToleranceException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FaultToleranceException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public FaultToleranceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FaultToleranceException"/> class with the test's own stack trace.</summary>
    /// <param name="message">The test's failure message.</param>
    /// <param name="stackTrace">The test's stack trace, as the test framework captured it.</param>
    public FaultToleranceException(string message, string? stackTrace)
        : base(message) => this.stackTrace = stackTrace;

    /// <inheritdoc />
    public override string? StackTrace => stackTrace ?? base.StackTrace;
}
