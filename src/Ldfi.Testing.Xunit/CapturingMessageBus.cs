using Xunit.Abstractions;
using Xunit.Sdk;

namespace Ldfi.Testing.Xunit;

/// <summary>
/// Keeps one experiment's messages away from the runner and turns its failure back into an exception that keeps the
/// type xUnit reported (<c>Xunit.Sdk.EqualException</c>, not ours), with its message, stack trace and inner exceptions.
/// </summary>
internal sealed class CapturingMessageBus(CancellationTokenSource cancellation) : IMessageBus
{
    public Exception? Failure { get; private set; }

    public bool QueueMessage(IMessageSinkMessage message)
    {
        if (message is ITestFailed failed && Failure is null)
        {
            Failure = failed.ExceptionTypes.Length == 0 ? new FaultToleranceException("The test failed without an exception.") : Recorded(failed, 0);
        }

        return !cancellation.IsCancellationRequested;
    }

    /// <summary>The exception at <paramref name="index"/> of xUnit's flattened list, with its first child as the inner exception.</summary>
    private static FaultToleranceException Recorded(IFailureInformation failure, int index)
    {
        var child = Array.FindIndex(failure.ExceptionParentIndices, index + 1, p => p == index);
        return new FaultToleranceException(
            failure.ExceptionTypes[index] ?? typeof(Exception).FullName!,
            failure.Messages[index] ?? string.Empty,
            failure.StackTraces[index],
            child > index ? Recorded(failure, child) : null);
    }

    public void Dispose()
    {
    }
}
