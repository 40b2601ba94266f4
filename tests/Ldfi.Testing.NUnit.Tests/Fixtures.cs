using NUnit.Framework;

namespace Ldfi.Testing.NUnit.Tests;

// The fixtures below are run by FaultTolerantAttributeTests through the Harness, never by the normal run: [Explicit].
[Explicit("Run through the Harness by FaultTolerantAttributeTests")]
internal sealed class TolerantFixture
{
    public static int SetUps;
    public static int TearDowns;
    private bool running;

    [SetUp]
    public void SetUp()
    {
        Interlocked.Increment(ref SetUps);
        Assert.That(running, Is.False, "the previous experiment's TearDown did not run");
        running = true;
    }

    [TearDown]
    public void TearDown()
    {
        Interlocked.Increment(ref TearDowns);
        running = false;
    }

    [FaultTolerant(MaxFaults = 1, Faults = FaultKind.Error | FaultKind.Status)]
    public async Task Reads_from_the_backup() => Assert.That(await Systems.PrimaryBackupAsync(), Is.Not.Empty);
}

[Explicit("Run through the Harness by FaultTolerantAttributeTests")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
internal sealed class InstancePerExperimentFixture : IDisposable
{
    public static int Constructed;
    public static int Disposed;
    private int runsOfThisInstance;

    public InstancePerExperimentFixture() => Interlocked.Increment(ref Constructed);

    [FaultTolerant(MaxFaults = 1, Faults = FaultKind.Error | FaultKind.Status)]
    public async Task Reads_from_the_backup()
    {
        runsOfThisInstance++;
        Assert.That(runsOfThisInstance, Is.EqualTo(1));
        Assert.That(await Systems.PrimaryBackupAsync(), Is.Not.Empty);
    }

    public void Dispose() => Interlocked.Increment(ref Disposed);
}

[Explicit("Run through the Harness by FaultTolerantAttributeTests")]
internal sealed class FailingFixture
{
    [FaultTolerant(Faults = FaultKind.Error)]
    public async Task Degraded_answer() => Assert.That(await Systems.WithDefaultAsync(), Is.EqualTo("42"), "the price must be known");

    [FaultTolerant(Faults = FaultKind.Error)]
    public void Degraded_answer_synchronously() => Assert.That(Systems.WithDefaultAsync().GetAwaiter().GetResult(), Is.EqualTo("42"), "the price must be known");

    [FaultTolerant(Faults = FaultKind.Error)]
    public void Single_call_synchronously() => Systems.SingleAsync().GetAwaiter().GetResult();

    [FaultTolerant(Faults = FaultKind.Error)]
    public async Task Single_call() => Assert.That(await Systems.SingleAsync(), Is.EqualTo("b"));

    [FaultTolerant]
    public void No_calls() => Assert.That(true, Is.True);

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

    [FaultTolerant]
    public Task With_parameter(int x) => Task.FromResult(x);
}

/// <summary>The same failures in a fixture with a SetUp: NUnit's set-up command records them in the result instead of throwing them.</summary>
[Explicit("Run through the Harness by FaultTolerantAttributeTests")]
internal sealed class FailingWithSetUpFixture
{
    [SetUp]
    public void SetUp()
    {
    }

    [FaultTolerant(Faults = FaultKind.Error)]
    public async Task Degraded_answer() => Assert.That(await Systems.WithDefaultAsync(), Is.EqualTo("42"), "the price must be known");

    [FaultTolerant(Faults = FaultKind.Error)]
    public async Task Single_call() => Assert.That(await Systems.SingleAsync(), Is.EqualTo("b"));

    [FaultTolerant(Faults = FaultKind.Error)]
    public async Task Two_assertions_fail()
    {
        var answer = await Systems.WithDefaultAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer, Is.EqualTo("42"), "the price must be known");
            Assert.That(answer, Is.Not.EqualTo("unknown"), "the price must not be unknown");
        }
    }
}
