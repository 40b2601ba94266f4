using System.Collections.Concurrent;
using Xunit;
using static Ldfi.Testing.Tests.Time.VirtualClockTests;

namespace Ldfi.Testing.Tests.Time;

/// <summary>
/// The driver over a real <see cref="VirtualClock"/> with a settle check that answers at once (<see cref="FakeSettle"/>),
/// so what it decides does not depend on the machine's threads. Only the hang grace (25 ms) and the real-time limit are
/// real waits, as they are in a run.
/// </summary>
public sealed class ClockDriverTests
{
    private static readonly TimeSpan Never = Timeout.InfiniteTimeSpan;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task A_quiescent_run_jumps_to_the_next_due_timer()
    {
        var clock = NewClock();
        var settle = new FakeSettle();
        var (call, body) = Held(clock);
        using var timeout = clock.TryCreateTimer(_ => { clock.SetDone(call); body.TrySetResult(); }, null, TimeSpan.FromSeconds(10), Never, owner: null, TimeProvider.System)!;

        var result = await DriveAsync(clock, settle, body.Task);

        Assert.Equal(DriveOutcome.Completed, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(10), clock.Now);
        Assert.Equal(1, settle.Checks);
    }

    [Fact]
    public async Task The_clock_moves_only_once_the_settle_check_says_so()
    {
        var clock = NewClock();
        var settle = new FakeSettle(false, false, true);
        var (call, body) = Held(clock);
        using var timeout = clock.TryCreateTimer(_ => { clock.SetDone(call); body.TrySetResult(); }, null, TimeSpan.FromSeconds(3), Never, owner: null, TimeProvider.System)!;

        var result = await DriveAsync(clock, settle, body.Task);

        Assert.Equal(DriveOutcome.Completed, result.Outcome);
        Assert.Equal(3, settle.Checks);
    }

    [Fact]
    public async Task Equal_timeouts_fire_one_per_settled_step()
    {
        var clock = NewClock();
        var settle = new FakeSettle();
        var (call, body) = Held(clock);
        var order = new ConcurrentQueue<int>();
        using var first = clock.TryCreateTimer(_ => order.Enqueue(1), null, TimeSpan.FromSeconds(5), Never, owner: null, TimeProvider.System)!;
        using var second = clock.TryCreateTimer(_ => { order.Enqueue(2); clock.SetDone(call); body.TrySetResult(); }, null, TimeSpan.FromSeconds(5), Never, owner: null, TimeProvider.System)!;

        var result = await DriveAsync(clock, settle, body.Task);

        Assert.Equal(DriveOutcome.Completed, result.Outcome);
        Assert.Equal([1, 2], order);
        Assert.Equal(2, settle.Checks);
        Assert.Equal(TimeSpan.FromSeconds(5), clock.Now);
    }

    [Fact]
    public async Task A_held_call_that_no_timer_can_end_is_reported_hung()
    {
        var clock = NewClock();
        var (call, body) = Held(clock);
        using var holdEnd = clock.CreateHoldEnd(_ => { }, TimeSpan.FromMinutes(5), call)!;
        Assert.True(TimerCensus.Active);

        var result = await DriveAsync(clock, new FakeSettle(), body.Task);

        Assert.Equal(DriveOutcome.Hung, result.Outcome);
        Assert.Equal([call], result.State!.Held);
        Assert.Null(result.State.NearestGuard);
        Assert.Equal(TimeSpan.Zero, clock.Now);
    }

    [Fact]
    public async Task A_timer_due_past_the_deadline_ends_the_run_at_the_deadline()
    {
        var clock = NewClock();
        var (_, body) = Held(clock);
        using var late = clock.TryCreateTimer(_ => { }, null, TimeSpan.FromMinutes(20), Never, owner: null, TimeProvider.System)!;

        var result = await DriveAsync(clock, new FakeSettle(), body.Task);

        Assert.Equal(DriveOutcome.Deadline, result.Outcome);
        Assert.Same(late, result.State!.NextDue);
        Assert.Equal(Deadline, clock.Now);
    }

    [Fact]
    public async Task A_run_that_never_waits_on_its_clock_runs_into_the_real_time_limit()
    {
        var clock = NewClock();
        var settle = new FakeSettle();
        clock.SetRunning(Call("test", "front"));
        var body = new TaskCompletionSource();

        var result = await ClockDriver.DriveAsync(clock, settle, body.Task, Deadline, stopWhenHung: true, TimeSpan.FromMilliseconds(20), TimeProvider.System);

        Assert.Equal(DriveOutcome.WallClock, result.Outcome);
        Assert.Equal(0, settle.Checks);
    }

    [Fact]
    public async Task A_real_timer_s_guard_is_dropped_once_its_runtime_timer_is_gone()
    {
        var clock = NewClock();
        var (_, body) = Held(clock);
        var cts = new CancellationTokenSource();
        cts.CancelAfter(TimeSpan.FromHours(1));
        Assert.True(RuntimeTimers.TryTimerOf(cts.Token, out _, out var identity, out var due));
        var guard = clock.AdoptRealTimer(identity, due, period: null, owner: null, "front", "CancelAfter", armedIn: null);
        Assert.Same(guard, clock.Inspect().NearestGuard);
        Assert.False(clock.PruneRealTimers());

        cts.Dispose();

        Assert.True(clock.PruneRealTimers());
        Assert.Null(clock.Inspect().NearestGuard);
        var result = await DriveAsync(clock, new FakeSettle(), body.Task);
        Assert.Equal(DriveOutcome.Hung, result.Outcome);
        Assert.Equal(TimeSpan.Zero, clock.Now);
    }

    [Fact]
    public async Task The_driver_prunes_a_disposed_real_timer_before_it_would_jump_to_it()
    {
        var clock = NewClock();
        var (_, body) = Held(clock);
        var cts = new CancellationTokenSource();
        cts.CancelAfter(TimeSpan.FromHours(1));
        Assert.True(RuntimeTimers.TryTimerOf(cts.Token, out _, out var identity, out var due));
        _ = clock.AdoptRealTimer(identity, due, period: null, owner: null, "front", "CancelAfter", armedIn: null);
        cts.Dispose();

        var result = await DriveAsync(clock, new FakeSettle(), body.Task);

        Assert.Equal(DriveOutcome.Hung, result.Outcome);
        Assert.Equal(TimeSpan.Zero, clock.Now);
        Assert.Single(clock.RealTimers);
    }

    [Fact]
    public async Task A_real_timer_still_armed_fires_when_the_clock_reaches_it()
    {
        var clock = NewClock();
        var (call, body) = Held(clock);
        using var cts = new CancellationTokenSource();
        cts.CancelAfter(TimeSpan.FromMinutes(5));
        Assert.True(RuntimeTimers.TryTimerOf(cts.Token, out _, out var identity, out var due));
        _ = clock.AdoptRealTimer(identity, due, period: null, owner: null, "front", "CancelAfter", armedIn: null);
        using var registration = cts.Token.Register(() => { clock.SetDone(call); body.TrySetResult(); });

        var result = await DriveAsync(clock, new FakeSettle(), body.Task);

        Assert.Equal(DriveOutcome.Completed, result.Outcome);
        Assert.True(cts.IsCancellationRequested);
        Assert.Equal(TimeSpan.FromMinutes(5), clock.Now);
        Assert.True(clock.RealTimers[0].FiredOnClock);
    }

    [Fact]
    public async Task Without_virtual_time_the_body_runs_against_the_real_deadline()
    {
        var clock = new VirtualClock(TimeProvider.System, enabled: false);
        var settle = new FakeSettle();

        var result = await ClockDriver.DriveAsync(clock, settle, Task.CompletedTask, Deadline, stopWhenHung: true, Limit, TimeProvider.System);

        Assert.Equal(DriveOutcome.Completed, result.Outcome);
        Assert.Equal(0, settle.Checks);
    }

    private static Task<DriveResult> DriveAsync(VirtualClock clock, ISettleDetector settle, Task body) =>
        ClockDriver.DriveAsync(clock, settle, body, Deadline, stopWhenHung: true, Limit, TimeProvider.System);

    // The test's request to front, held by a Delay fault; the body ends when the test says so.
    private static (CallRecord Call, TaskCompletionSource Body) Held(VirtualClock clock)
    {
        var call = Call("test", "front");
        clock.SetRunning(call);
        clock.SetHeld(call);
        return (call, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    /// <summary>A settle check that answers at once: each of <c>answers</c> in turn, then true.</summary>
    private sealed class FakeSettle(params bool[] answers) : ISettleDetector
    {
        private int checks;

        public int Checks => Volatile.Read(ref checks);

        public Task<bool> WaitAsync(IDrivenClock clock, Task body)
        {
            var n = Interlocked.Increment(ref checks);
            return Task.FromResult(n > answers.Length || answers[n - 1]);
        }
    }
}
