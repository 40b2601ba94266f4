#pragma warning disable xUnit1000 // Not public on purpose: these fixtures are run by the tests through the Harness, not discovered.
using Xunit;

namespace Ldfi.Testing.XunitV3.Tests;

internal sealed class TolerantTests : IAsyncLifetime
{
    public static int Constructed;
    public static int Initialized;
    public static int Disposed;
    private int runsOfThisInstance;

    public TolerantTests() => Interlocked.Increment(ref Constructed);

    [FaultTolerant(MaxFaults = 1, Faults = FaultKind.Error | FaultKind.Status)]
    public async Task Reads_from_the_backup()
    {
        runsOfThisInstance++;
        Assert.Equal(1, runsOfThisInstance);
        TestContext.Current.TestOutputHelper?.WriteLine("body ran");
        Assert.NotEmpty(await Systems.PrimaryBackupAsync());
    }

    public ValueTask InitializeAsync()
    {
        Interlocked.Increment(ref Initialized);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Interlocked.Increment(ref Disposed);
        return ValueTask.CompletedTask;
    }
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

    [FaultTolerant(MaxFaults = 0)]
    public Task Bad_settings() => Systems.SingleAsync();

    [FaultTolerant(Skip = "not today")]
    public Task Skipped() => Systems.SingleAsync();

#pragma warning disable xUnit1001 // The point: [FaultTolerant] refuses parameters, as [Fact] does.
    [FaultTolerant]
    public Task With_parameter(int x) => Task.FromResult(x);
#pragma warning restore xUnit1001
}
