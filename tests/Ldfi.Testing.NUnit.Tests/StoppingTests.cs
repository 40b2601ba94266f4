using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace Ldfi.Testing.NUnit.Tests;

public sealed class StoppingTests
{
    [Test]
    public async Task TestContext_CurrentContext_CancellationToken_is_cancelled_when_the_experiment_is_stopped()
    {
        StoppingFixture.SawCancellation = StoppingFixture.TokenCancelledInTearDown = false;
        var run = await Harness.RunAsync<StoppingFixture>(nameof(StoppingFixture.Waits_for_the_order_event));

        var result = run.Cases.Single();
        Assert.That(result.ResultState.Status, Is.EqualTo(TestStatus.Failed));
        Assert.That(StoppingFixture.SawCancellation, Is.True);
        Assert.That(StoppingFixture.TokenCancelledInTearDown, Is.True);
        Assert.That(result.Message, Does.Contain("no timeout guards shop → events GET /next #1"));
        Assert.That(result.Message, Does.Not.Contain("Stuck"));
    }
}
