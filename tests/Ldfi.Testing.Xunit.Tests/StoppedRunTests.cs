using Xunit;
using Xunit.Abstractions;

namespace Ldfi.Testing.Xunit.Tests;

public sealed class StoppedRunTests
{
    [Fact]
    public async Task A_run_stopped_by_its_deadline_finishes_its_body_IAsyncLifetime_and_Dispose_before_the_confirmation_starts()
    {
        var messages = await Harness.RunAsync<SharedStubTests>(nameof(SharedStubTests.Prices_are_shown));

        var message = Assert.Single(messages.Of<ITestFailed>()).Messages[0];
        var log = SharedStubTests.Log;
        Assert.Equal(1, log.MostActive);
        Assert.True(log.Sequential(), string.Join(", ", log.Events));
        Assert.Contains("exceeded its deadline of 40 s", message, StringComparison.Ordinal);
        Assert.Contains("  • Delay on bridge → svc-coins GET /coins #1\n", message, StringComparison.Ordinal);
        Assert.DoesNotContain("No matching mapping", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Flaky", message, StringComparison.Ordinal);
        Assert.Equal(log.Events.Count(e => e.StartsWith("start ", StringComparison.Ordinal)), log.Events.Count(e => e.StartsWith("end ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_body_that_waits_on_FaultInjection_Current_Stopping_ends_when_its_run_is_stopped()
    {
        StoppingTests.SawStopping = false;
        var messages = await Harness.RunAsync<StoppingTests>(nameof(StoppingTests.Waits_for_the_order_event));

        var message = Assert.Single(messages.Of<ITestFailed>()).Messages[0];
        Assert.True(StoppingTests.SawStopping);
        Assert.Contains("no timeout guards shop → events GET /next #1", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Stuck", message, StringComparison.Ordinal);
    }
}
