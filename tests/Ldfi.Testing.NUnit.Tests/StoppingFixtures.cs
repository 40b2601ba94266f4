using NUnit.Framework;

namespace Ldfi.Testing.NUnit.Tests;

/// <summary>A body that waits on something of its own (an event the system publishes), passing the test's own token.</summary>
[Explicit("Run through the Harness by StoppingTests")]
internal sealed class StoppingFixture
{
    public static volatile bool SawCancellation;
    public static volatile bool TokenCancelledInTearDown;

    [FaultTolerant(Faults = FaultKind.Delay, MaxFaults = 1)]
    public async Task Waits_for_the_order_event()
    {
        var published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            await Boundary.InvokeAsync("shop", "events", "GET /next", _ => Task.FromResult(1));
            published.SetResult();
        });
        var token = TestContext.CurrentContext.CancellationToken;
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

    [TearDown]
    public void TearDown()
    {
        if (TestContext.CurrentContext.CancellationToken.IsCancellationRequested)
        {
            TokenCancelledInTearDown = true;
        }
    }
}
