using Xunit.Abstractions;
using Xunit.Sdk;

namespace Ldfi.Testing.Xunit;

/// <summary>Keeps one experiment's messages away from the runner and turns its failure back into an exception.</summary>
internal sealed class CapturingMessageBus(CancellationTokenSource cancellation) : IMessageBus
{
    public Exception? Failure { get; private set; }

    public bool QueueMessage(IMessageSinkMessage message)
    {
        if (message is ITestFailed failed && Failure is null)
        {
            Failure = new FaultToleranceException(ExceptionUtility.CombineMessages(failed), ExceptionUtility.CombineStackTraces(failed));
        }

        return !cancellation.IsCancellationRequested;
    }

    public void Dispose()
    {
    }
}
