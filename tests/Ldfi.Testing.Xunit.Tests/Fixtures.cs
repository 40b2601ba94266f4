#pragma warning disable xUnit1000 // Not public on purpose: these fixtures are run by the tests, not discovered.
using Xunit;

namespace Ldfi.Testing.Xunit.Tests;

internal sealed class TolerantTests : IDisposable
{
    public static int Constructed;
    public static int Disposed;
    private int runsOfThisInstance;

    public TolerantTests() => Interlocked.Increment(ref Constructed);

    [FaultTolerant(MaxFaults = 1, Faults = FaultKind.Error | FaultKind.Status)]
    public async Task Reads_from_the_backup()
    {
        runsOfThisInstance++;
        Assert.Equal(1, runsOfThisInstance);
        Assert.NotEmpty(await Systems.PrimaryBackupAsync());
    }

    public void Dispose() => Interlocked.Increment(ref Disposed);
}

internal sealed class FailingTests
{
    [FaultTolerant(Faults = FaultKind.Error)]
    public async Task Degraded_answer() => Assert.Equal("42", await Systems.WithDefaultAsync());

    [FaultTolerant(Faults = FaultKind.Error)]
    public async Task Single_call() => Assert.Equal("b", await Systems.SingleAsync());

    [FaultTolerant]
    public void No_calls() => Assert.True(true);

    [FaultTolerant]
    public async Task Baseline_fails()
    {
        await Systems.SingleAsync();
        Assert.Fail("broken without any fault");
    }

    [FaultTolerant(Faults = FaultKind.Delay, DeadlineMilliseconds = 300, DelayMilliseconds = 60_000)]
    public Task Hangs() => Systems.HangingAsync();

    [FaultTolerant(Faults = FaultKind.Status, StatusCodesByCallee = "b=418")]
    public Task Status_codes_per_callee() => Systems.HttpLikeAsync();

    [FaultTolerant(StatusCodesByCallee = "b:500")]
    public Task Bad_status_codes() => Systems.HttpLikeAsync();

    [FaultTolerant(MaxFaults = 0)]
    public Task Bad_settings() => Systems.SingleAsync();

#pragma warning disable xUnit1001 // The point: [FaultTolerant] refuses parameters, as [Fact] does.
    [FaultTolerant]
    public Task With_parameter(int x) => Task.FromResult(x);
#pragma warning restore xUnit1001
}

internal sealed class SnapshotTests
{
    [FaultTolerant(Snapshot = true, Faults = FaultKind.Error)]
    public Task Quorum() => Systems.QuorumAsync();
}
