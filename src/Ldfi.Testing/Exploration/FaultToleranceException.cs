namespace Ldfi.Testing;

/// <summary>
/// The failure of a <c>[FaultTolerant]</c> test, or of one of its experiments, as the test framework reported it (shared
/// by every adapter). An experiment's failure keeps the type the framework named (<see cref="OriginalType"/>, such as
/// <c>Xunit.Sdk.EqualException</c>), which reports show instead of this type's name.
/// </summary>
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

    /// <summary>
    /// Initializes a new instance of the <see cref="FaultToleranceException"/> class for a failure the test framework
    /// reported as text: the exception type it named, its message and stack trace.
    /// </summary>
    /// <param name="originalType">The full name of the exception type the test failed with, such as <c>Xunit.Sdk.EqualException</c>.</param>
    /// <param name="message">That exception's message.</param>
    /// <param name="stackTrace">Its stack trace, as the test framework captured it.</param>
    /// <param name="innerException">Its inner exception, likewise recorded, or null.</param>
    public FaultToleranceException(string originalType, string message, string? stackTrace, Exception? innerException)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(originalType);
        OriginalType = originalType;
        this.stackTrace = stackTrace;
    }

    /// <summary>
    /// Gets the full name of the exception type the test itself failed with, as the test framework reported it (for
    /// example <c>NUnit.Framework.AssertionException</c>), or null when this exception is the verdict of a whole test.
    /// </summary>
    public string? OriginalType { get; }

    /// <inheritdoc />
    public override string? StackTrace => stackTrace ?? base.StackTrace;

    /// <summary>Gets the exception type a report names for a failure: the test's own for a failure a framework reported.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>The type's full name, such as <c>Xunit.Sdk.EqualException</c> or <c>System.InvalidOperationException</c>.</returns>
    internal static string TypeNameOf(Exception exception) =>
        exception is FaultToleranceException { OriginalType: { } original } ? original : exception.GetType().FullName ?? exception.GetType().Name;

    /// <inheritdoc />
    public override string ToString() =>
        OriginalType is null
            ? base.ToString()
            : $"{OriginalType}: {Message}" + (InnerException is { } inner ? $" ---> {inner}" : string.Empty) + (StackTrace is { Length: > 0 } trace ? "\n" + trace : string.Empty);
}
