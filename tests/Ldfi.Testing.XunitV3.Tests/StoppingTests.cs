using Xunit;
using Xunit.Sdk;

namespace Ldfi.Testing.XunitV3.Tests;

public sealed class TestTokenTests
{
    [Fact]
    public async Task TestContext_Current_CancellationToken_is_cancelled_when_the_experiment_is_stopped()
    {
        StoppingTests.SawCancellation = StoppingTests.TokenCancelledInDispose = false;
        var messages = await Harness.RunAsync<StoppingTests>(nameof(StoppingTests.Waits_for_the_order_event));

        var message = Assert.Single(Assert.Single(messages.Of<ITestFailed>()).Messages);
        Assert.True(StoppingTests.SawCancellation);
        Assert.True(StoppingTests.TokenCancelledInDispose);
        Assert.Contains("no timeout guards shop → events GET /next #1", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Stuck", message, StringComparison.Ordinal);
        Assert.False(TestContext.Current.CancellationToken.IsCancellationRequested);
    }
}
