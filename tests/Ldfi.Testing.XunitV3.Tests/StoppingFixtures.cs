#pragma warning disable xUnit1000 // Not public on purpose: these fixtures are run by the tests through the Harness, not discovered.
using Xunit;

namespace Ldfi.Testing.XunitV3.Tests;

/// <summary>A body that waits on something of its own (an event the system publishes), passing the test's own token.</summary>
internal sealed class StoppingTests : IAsyncLifetime
{
    public static volatile bool SawCancellation;
    public static volatile bool TokenCancelledInDispose;

    [FaultTolerant(Faults = FaultKind.Delay, MaxFaults = 1)]
    public async Task Waits_for_the_order_event()
    {
        var published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            await Boundary.InvokeAsync("shop", "events", "GET /next", _ => Task.FromResult(1));
            published.SetResult();
        });
        var token = TestContext.Current.CancellationToken;
        try
        {
            await published.Task.WaitAsync(token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            SawCancellation = true;
            throw;
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        if (TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            TokenCancelledInDispose = true;
        }

        return ValueTask.CompletedTask;
    }
}
