using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Ldfi.Testing.Tests.Time;

/// <summary>
/// The clock on its own, driven by hand as dotnet/extensions' <c>FakeTimeProvider</c> tests drive <see cref="ITimer"/>:
/// no exploration, no sleeps. Callbacks run on the thread pool; each test waits on what its callbacks signal.
/// </summary>
public sealed class VirtualClockTests
{
    private static readonly TimeSpan Never = Timeout.InfiniteTimeSpan;

    [Fact]
    public async Task Change_re_arms_a_pending_timer()
    {
        var clock = NewClock();
        var fired = new Signal();
        using var timer = clock.TryCreateTimer(fired.Set, null, S(10), Never, owner: null, TimeProvider.System)!;

        Assert.True(timer.Change(S(5), Never));
        Assert.Equal(S(5).Ticks, clock.Inspect().NextDue!.Due);

        clock.AdvanceTo(S(5).Ticks);
        await fired.Task;
        Assert.Null(clock.Inspect().NextDue);
    }

    [Fact]
    public void Change_to_an_infinite_due_time_disarms_it()
    {
        var clock = NewClock();
        using var timer = clock.TryCreateTimer(_ => { }, null, S(1), Never, owner: null, TimeProvider.System)!;

        Assert.True(timer.Change(Never, Never));

        Assert.Null(clock.Inspect().NextDue);
    }

    [Fact]
    public async Task A_zero_due_time_fires_at_once_without_the_clock_moving()
    {
        var clock = NewClock();
        var fired = new Signal();
        using var timer = clock.TryCreateTimer(fired.Set, null, Never, Never, owner: null, TimeProvider.System)!;

        Assert.True(timer.Change(TimeSpan.Zero, Never));

        await fired.Task;
        Assert.Equal(TimeSpan.Zero, clock.Now);
        Assert.Null(clock.Inspect().NextDue);
    }

    [Fact]
    public void Change_after_dispose_returns_false()
    {
        var clock = NewClock();
        var timer = clock.TryCreateTimer(_ => { }, null, S(1), Never, owner: null, TimeProvider.System)!;

        timer.Dispose();

        Assert.False(timer.Change(S(2), Never));
        Assert.Null(clock.Inspect().NextDue);
    }

    [Fact]
    public async Task A_periodic_timer_fires_and_is_scheduled_again_for_its_period()
    {
        var clock = NewClock();
        var ticks = new Counter();
        using var timer = clock.TryCreateTimer(ticks.Add, null, S(1), S(2), owner: null, TimeProvider.System)!;

        clock.AdvanceTo(S(1).Ticks);
        await ticks.Reached(1);
        Assert.Equal(S(3).Ticks, clock.Inspect().NextDue!.Due);

        clock.AdvanceTo(S(3).Ticks);
        await ticks.Reached(2);
        Assert.Equal(S(5).Ticks, clock.Inspect().NextDue!.Due);
    }

    [Fact]
    public async Task Change_sets_a_periodic_timer_s_new_period()
    {
        var clock = NewClock();
        var ticks = new Counter();
        using var timer = clock.TryCreateTimer(ticks.Add, null, S(1), S(1), owner: null, TimeProvider.System)!;

        Assert.True(timer.Change(S(1), S(4)));
        clock.AdvanceTo(S(1).Ticks);
        await ticks.Reached(1);

        Assert.Equal(S(5).Ticks, clock.Inspect().NextDue!.Due);
    }

    [Fact]
    public async Task A_zero_due_periodic_timer_fires_at_once_and_then_every_period()
    {
        var clock = NewClock();
        var ticks = new Counter();
        using var timer = clock.TryCreateTimer(ticks.Add, null, TimeSpan.Zero, S(2), owner: null, TimeProvider.System)!;

        await ticks.Reached(1);
        Assert.Equal(S(2).Ticks, clock.Inspect().NextDue!.Due);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_disposed_timer_never_fires(bool async)
    {
        var clock = NewClock();
        using var fence = Fence(clock);
        var fired = false;
        var timer = clock.TryCreateTimer(_ => fired = true, null, S(1), Never, owner: null, TimeProvider.System)!;

        if (async)
        {
            await timer.DisposeAsync();
        }
        else
        {
            timer.Dispose();
        }

        clock.AdvanceTo(S(2).Ticks);

        // Firing counts until the callback returns: a quiescent clock has nothing firing, so nothing was fired.
        Assert.True(clock.Inspect().Quiescent);
        Assert.False(fired);
        Assert.Equal(S(3600).Ticks, clock.Inspect().NextDue!.Due);
    }

    [Fact]
    public async Task Timers_due_at_the_same_instant_fire_one_per_step_in_creation_order()
    {
        var clock = NewClock();
        var order = new ConcurrentQueue<string>();
        var signals = new[] { new Signal(), new Signal(), new Signal() };
        var names = new[] { "first", "second", "third" };
        var timers = names.Select((name, i) => clock.TryCreateTimer(_ => { order.Enqueue(name); signals[i].Set(null); }, null, S(5), Never, owner: null, TimeProvider.System)!).ToList();

        for (var i = 0; i < names.Length; i++)
        {
            clock.AdvanceTo(S(5).Ticks);
            await signals[i].Task;
            Assert.Equal(names[..(i + 1)], order);
        }

        Assert.Null(clock.Inspect().NextDue);
        timers.ForEach(t => t.Dispose());
    }

    [Fact]
    public void At_the_same_instant_a_guard_is_due_before_a_hold_s_own_end_created_earlier()
    {
        var clock = NewClock();
        var call = Call("front", "back");
        using var holdEnd = clock.CreateHoldEnd(_ => { }, S(5), call)!;
        using var guard = clock.TryCreateTimer(_ => { }, null, S(5), Never, owner: null, TimeProvider.System)!;

        var state = clock.Inspect();

        Assert.Same(guard, state.NextDue);
        Assert.Same(guard, state.NearestGuard);
    }

    [Fact]
    public void Due_order_is_due_time_then_guards_then_creation()
    {
        var clock = NewClock();
        VirtualTimer Timer(long seq, long due, bool guard) => new(clock, _ => { }, null, seq, owner: null, guard, label: null, after: null) { Due = due };
        var late = Timer(1, 20, guard: true);
        var hold = Timer(2, 10, guard: false);
        var second = Timer(4, 10, guard: true);
        var first = Timer(3, 10, guard: true);

        var sorted = new[] { late, hold, second, first }.Order(VirtualTimer.DueOrder).ToList();

        Assert.Equal([first, second, hold, late], sorted);
    }

    [Fact]
    public async Task AdvanceTo_fires_one_timer_per_step_even_when_several_are_due()
    {
        var clock = NewClock();
        var a = new Signal();
        var b = new Signal();
        using var early = clock.TryCreateTimer(a.Set, null, S(1), Never, owner: null, TimeProvider.System)!;
        using var later = clock.TryCreateTimer(b.Set, null, S(2), Never, owner: null, TimeProvider.System)!;

        clock.AdvanceTo(S(2).Ticks);
        await a.Task;

        Assert.False(b.Task.IsCompleted);
        Assert.Same(later, clock.Inspect().NextDue);
        clock.AdvanceTo(S(2).Ticks);
        await b.Task;
        Assert.Equal(S(2), clock.Now);
    }

    [Fact]
    public void AdvanceTo_never_moves_the_clock_back()
    {
        var clock = NewClock();

        clock.AdvanceTo(S(3).Ticks);
        clock.AdvanceTo(S(1).Ticks);

        Assert.Equal(S(3), clock.Now);
    }

    [Fact]
    public void End_moves_a_pending_timer_onto_its_provider_with_the_time_it_had_left()
    {
        var fake = new FakeTimeProvider();
        var clock = NewClock(fake);
        var fired = 0;
        using var timer = clock.TryCreateTimer(_ => Interlocked.Increment(ref fired), null, S(10), Never, owner: null, fake)!;
        clock.AdvanceTo(S(4).Ticks);

        clock.End();

        fake.Advance(S(6) - TimeSpan.FromTicks(1));
        Assert.Equal(0, fired);
        fake.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, fired);
        Assert.Null(clock.Inspect().NextDue);
    }

    [Fact]
    public void A_moved_periodic_timer_keeps_its_period_and_obeys_Change_and_Dispose()
    {
        var fake = new FakeTimeProvider();
        var clock = NewClock(fake);
        var fired = 0;
        var timer = clock.TryCreateTimer(_ => Interlocked.Increment(ref fired), null, S(1), S(2), owner: null, fake)!;

        clock.End();
        fake.Advance(S(1));
        fake.Advance(S(2));
        Assert.Equal(2, fired);

        Assert.True(timer.Change(S(5), Never));
        fake.Advance(S(4));
        Assert.Equal(2, fired);
        fake.Advance(S(1));
        Assert.Equal(3, fired);

        timer.Dispose();
        Assert.False(timer.Change(S(1), Never));
        fake.Advance(S(10));
        Assert.Equal(3, fired);
    }

    [Fact]
    public void A_timer_without_a_provider_is_dropped_at_the_end()
    {
        var fake = new FakeTimeProvider();
        var clock = NewClock(fake);

        // The guard of a real timer (after: null): the runtime timer goes on by itself, its guard has nowhere to go.
        var guard = clock.AdoptRealTimer(identity: 42, due: 1000, period: null, owner: null, "front", "CancelAfter", armedIn: null)!;
        Assert.Same(guard, clock.Inspect().NearestGuard);

        clock.End();

        Assert.Null(clock.Inspect().NextDue);
        Assert.True(guard.Change(S(1), Never)); // on the ended clock: nothing is scheduled
        Assert.Null(clock.Inspect().NextDue);
        Assert.Null(clock.TryCreateTimer(_ => { }, null, S(1), Never, owner: null, fake));
    }

    [Fact]
    public void A_running_call_keeps_the_run_busy_and_a_held_one_leaves_it_waiting()
    {
        var clock = NewClock();
        var call = Call("test", "front");

        Assert.False(clock.Inspect().Quiescent); // nothing in flight and no timer: nothing to wait for
        clock.SetRunning(call);
        Assert.False(clock.Inspect().Quiescent);

        clock.SetHeld(call);
        var held = clock.Inspect();
        Assert.True(held.Quiescent);
        Assert.Null(held.NearestGuard); // hung: nothing will ever end the hold
        Assert.Equal([call], held.Held);

        clock.SetDone(call);
        Assert.False(clock.Inspect().Quiescent);
    }

    [Fact]
    public void A_call_waits_when_all_of_its_calls_in_flight_wait()
    {
        var clock = NewClock();
        var front = Call("test", "front");
        var back = Call("front", "back", front);
        var other = Call("front", "other", front);
        clock.SetRunning(front);
        clock.SetRunning(back);
        clock.SetHeld(other);

        Assert.False(clock.Inspect().Quiescent);

        clock.SetHeld(back);
        var state = clock.Inspect();
        Assert.True(state.Quiescent);
        Assert.Equal([front], state.Running);
    }

    [Fact]
    public void A_call_with_no_calls_in_flight_waits_on_a_timer_its_callee_set()
    {
        var clock = NewClock();
        var front = Call("test", "front");
        var back = Call("front", "back", front);
        clock.SetRunning(front);
        clock.SetRunning(back);
        clock.SetHeld(back);
        clock.SetDone(back);

        // The callee of front is running its own code, with nothing in flight: busy.
        Assert.False(clock.Inspect().Quiescent);

        // A timer set by someone else does not make front wait.
        using var elsewhere = clock.TryCreateTimer(_ => { }, null, S(1), Never, owner: null, TimeProvider.System)!;
        Assert.False(clock.Inspect().Quiescent);

        // A back-off its callee set (owned by front) does.
        using var backOff = clock.TryCreateTimer(_ => { }, null, S(1), Never, owner: front, TimeProvider.System)!;
        Assert.True(clock.Inspect().Quiescent);
    }

    [Fact]
    public void With_nothing_in_flight_the_run_waits_only_on_a_guard()
    {
        var clock = NewClock();
        using var holdEnd = clock.CreateHoldEnd(_ => { }, S(1), Call("test", "front"))!;
        Assert.False(clock.Inspect().Quiescent);

        using var guard = clock.TryCreateTimer(_ => { }, null, S(1), Never, owner: null, TimeProvider.System)!;
        Assert.True(clock.Inspect().Quiescent);
    }

    [Fact]
    public async Task A_fired_timer_keeps_the_run_busy_until_its_callback_returns()
    {
        var clock = NewClock();
        using var fence = Fence(clock);
        var entered = new Signal();
        var release = new TaskCompletionSource();
        using var timer = clock.TryCreateTimer(_ => { entered.Set(null); release.Task.Wait(); }, null, S(1), Never, owner: null, TimeProvider.System)!;

        clock.AdvanceTo(S(1).Ticks);
        var busy = clock.Inspect();
        Assert.False(busy.Quiescent);
        await entered.Task;
        Assert.False(clock.Inspect().Quiescent);

        release.SetResult();
        await busy.NextQuiet;
        Assert.True(clock.Inspect().Quiescent);
    }

    [Fact]
    public async Task A_request_in_transit_keeps_the_run_busy_both_ways()
    {
        var clock = NewClock();
        using var fence = Fence(clock);
        Assert.True(clock.Inspect().Quiescent);

        var transit = clock.Send()!;
        var sent = clock.Inspect();
        Assert.False(sent.Quiescent);
        Assert.Same(transit, clock.FindTransit(transit.Id));

        transit.Deliver();
        await sent.NextQuiet;
        Assert.True(clock.Inspect().Quiescent);

        transit.Return();
        Assert.False(clock.Inspect().Quiescent);

        transit.Receive();
        Assert.True(clock.Inspect().Quiescent);
        Assert.Null(clock.FindTransit(transit.Id));
    }

    [Fact]
    public void A_transit_the_caller_gave_up_on_before_delivery_ends_at_once()
    {
        var clock = NewClock();
        using var fence = Fence(clock);
        var transit = clock.Send()!;

        transit.Receive();
        transit.Deliver(); // the callee takes it late: the run's count stays right

        Assert.True(clock.Inspect().Quiescent);
    }

    [Fact]
    public async Task NextQuiet_completes_at_the_first_change_that_leaves_the_run_quiescent()
    {
        var clock = NewClock();
        var call = Call("test", "front");
        clock.SetRunning(call);
        var state = clock.Inspect();

        using var elsewhere = clock.TryCreateTimer(_ => { }, null, S(1), Never, owner: null, TimeProvider.System)!;
        Assert.False(state.NextQuiet.IsCompleted);

        clock.SetHeld(call);
        await state.NextQuiet;
    }

    [Fact]
    public void Time_and_timestamps_move_with_the_clock_only()
    {
        var fake = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var clock = NewClock(fake);
        var utc = clock.UtcNow;
        var stamp = clock.GetTimestamp(TimeSpan.TicksPerSecond);
        Assert.Equal(fake.GetUtcNow(), utc);

        fake.Advance(S(100));
        Assert.Equal(utc, clock.UtcNow);

        clock.AdvanceTo(S(90).Ticks);
        Assert.Equal(utc + S(90), clock.UtcNow);
        Assert.Equal(S(90).Ticks, clock.GetTimestamp(TimeSpan.TicksPerSecond) - stamp);
    }

    [Fact]
    public void A_clock_without_virtual_time_creates_no_timers()
    {
        var clock = new VirtualClock(TimeProvider.System, enabled: false);

        Assert.Null(clock.TryCreateTimer(_ => { }, null, S(1), Never, owner: null, TimeProvider.System));
        Assert.Null(clock.Send());
    }

    internal static VirtualClock NewClock(TimeProvider? real = null) => new(real ?? TimeProvider.System, enabled: true);

    internal static CallRecord Call(string caller, string callee, CallRecord? parent = null) =>
        new(new CallSite(parent?.Site, caller, callee, "GET /", 0), parent, []);

    private static TimeSpan S(int seconds) => TimeSpan.FromSeconds(seconds);

    // A guard far out, so that Quiescent with nothing in flight says whether anything is firing or in transit.
    private static ITimer Fence(VirtualClock clock) => clock.TryCreateTimer(_ => { }, null, S(3600), Never, owner: null, TimeProvider.System)!;

    /// <summary>Completes when a callback calls <see cref="Set"/>; waits at most a minute, a guard against a broken clock only.</summary>
    private sealed class Signal
    {
        private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => done.Task.WaitAsync(TimeSpan.FromMinutes(1));

        public void Set(object? state) => done.TrySetResult();
    }

    private sealed class Counter
    {
        private readonly ConcurrentDictionary<int, TaskCompletionSource> reached = new();
        private int count;

        public void Add(object? state) => At(Interlocked.Increment(ref count)).TrySetResult();

        public Task Reached(int n) => At(n).Task.WaitAsync(TimeSpan.FromMinutes(1));

        private TaskCompletionSource At(int n) => reached.GetOrAdd(n, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
