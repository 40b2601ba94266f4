using Xunit.Sdk;
using Xunit.v3;

namespace Ldfi.Testing.XunitV3;

/// <summary>Swallows one experiment's class construction and disposal messages: the runner sees one test, not one per experiment.</summary>
internal sealed class ExperimentMessageBus(CancellationTokenSource cancellation) : IMessageBus
{
    public bool QueueMessage(IMessageSinkMessage message) => !cancellation.IsCancellationRequested;

    public void Dispose()
    {
    }
}
