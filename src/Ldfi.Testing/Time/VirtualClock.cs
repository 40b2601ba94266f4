using System.Diagnostics;

namespace Ldfi.Testing;

/// <summary>
/// The clock of one run. Timers created in the run's flow live on it, and time stands still until the run can make
/// no other progress: then <see cref="ClockDriver"/> moves it to the next due timer. What the clock knows of the run:
/// the calls in flight (running, or held by a Delay fault) and which call's callee created each timer.
/// </summary>
internal sealed partial class VirtualClock : IDrivenClock
{
    private static readonly AsyncLocal<string?> NextLabel = new();
    private static readonly AsyncLocal<bool> NextEndsNothing = new();

    private readonly Lock gate = new();
    private readonly SortedSet<VirtualTimer> timers = new(VirtualTimer.DueOrder);
    private readonly Dictionary<CallRecord, bool> inFlight = [];

    // The scheduled guard timers, counted in all and per owning call, so the quiescence check at every change reads
    // counts instead of enumerating the sorted set (whose enumerator allocates).
    private readonly Dictionary<CallRecord, int> guardsByOwner = [];
    private int guardCount;
    private readonly TimeProvider real;
    private readonly DateTimeOffset startUtc;
    private readonly long startTimestamp;
    // Completed (and dropped) at the next change that leaves the run quiescent; created only when the driver waits.
    private TaskCompletionSource? quiet;
    private long now;
    private long sequence;
    private long version;
    private int firingCount;
    private bool ended;
    private FiredTimer? lastFired;

    public VirtualClock(TimeProvider real, bool enabled)
    {
        this.real = real;
        Enabled = enabled;
        startUtc = real.GetUtcNow();
        startTimestamp = Stopwatch.GetTimestamp();

        // Real timers are seen from the first virtual run on: the census costs nothing to a process that never explores.
        if (enabled)
        {
            TimerCensus.Start();
        }
    }

    /// <summary>Gets a value indicating whether timers of the run are virtual (<see cref="ExplorationOptions.VirtualTime"/>).</summary>
    public bool Enabled { get; }

    /// <summary>Gets the virtual time since the run started.</summary>
    public TimeSpan Now => TimeSpan.FromTicks(Volatile.Read(ref now));

    public DateTimeOffset UtcNow => startUtc + Now;

    /// <summary>Gets a number that changes with every activity of the run (a call, a timer set, fired or removed).</summary>
    public long Version => Interlocked.Read(ref version);

    /// <summary>
    /// Names the timers created in the current flow until the scope ends, for reports; with <paramref name="guard"/>
    /// false they end no wait of the system under test (the test's own client's timeout), so a call only they could end
    /// is still reported as unguarded.
    /// </summary>
    public static IDisposable Labelled(string label, bool guard = true)
    {
        var previous = (NextLabel.Value, NextEndsNothing.Value);
        (NextLabel.Value, NextEndsNothing.Value) = (label, !guard);
        return new LabelScope(previous);
    }

    public long GetTimestamp(long frequency) =>
        startTimestamp + (long)(Volatile.Read(ref now) * ((double)frequency / TimeSpan.TicksPerSecond));

    /// <summary>
    /// Creates a timer on this clock, or returns null when time is real or the run has ended. <paramref name="after"/> is
    /// the provider the timer moves onto when the run ends before it fires: the service's own, not the exploration's.
    /// </summary>
    /// <paramref name="setBy"/> names the service (and client) that set it, for reports.
    /// <paramref name="kind"/> says what it is for and whose it is, where known (<see cref="TimerKinds"/>).
    public ITimer? TryCreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period, CallRecord? owner, TimeProvider after, string? setBy = null, (string Kind, string Of)? kind = null) =>
        Enabled ? Create(callback, state, dueTime, period, owner, guard: !NextEndsNothing.Value, NextLabel.Value, after, setBy, kind) : null;

    /// <summary>Gets a value indicating whether the current flow names the timers it creates (<see cref="Labelled"/>).</summary>
    public static bool IsLabelled => NextLabel.Value is not null;

    /// <summary>Gets the last guard timer that fired on this clock, with when: what a call that began at that instant began after.</summary>
    public FiredTimer? LastFired => Volatile.Read(ref lastFired);

    /// <summary>Remembers a guard timer firing now (<see cref="LastFired"/>).</summary>
    internal void Fired(VirtualTimer timer)
    {
        if (timer.IsGuard)
        {
            Volatile.Write(ref lastFired, new FiredTimer(Now, timer.Describe()));
        }
    }

    /// <summary>
    /// Creates the own end of a hold of <paramref name="call"/> (<see cref="ResponseHold"/>): not a guard, so a run whose
    /// only pending timers are hold ends is hung; null when the run has ended.
    /// </summary>
    public ITimer? CreateHoldEnd(TimerCallback callback, TimeSpan delay, CallRecord call) =>
        Create(callback, null, delay, Timeout.InfiniteTimeSpan, call, guard: false, "the hold's own end", real);

    /// <summary>A call that the run began: it is running until it is held or done.</summary>
    public void SetRunning(CallRecord call) => Update(() => inFlight[call] = false);

    public void SetHeld(CallRecord call) => Update(() => inFlight[call] = true);

    public void SetDone(CallRecord call) => Update(() => inFlight.Remove(call));

    /// <summary>Ends the clock: pending timers go on in real time, on the provider they were created through, with what they had left.</summary>
    public void End()
    {
        VirtualTimer[] pending;
        lock (gate)
        {
            ended = true;
            pending = [.. timers];
            timers.Clear();
            guardsByOwner.Clear();
            guardCount = 0;
            foreach (var timer in pending)
            {
                timer.IsScheduled = false;
            }
        }

        foreach (var timer in pending.Where(t => !t.IsDisposed))
        {
            timer.MoveTo(TimeSpan.FromTicks(Math.Max(0, timer.Due - now)), timer.Period == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromTicks(timer.Period));
        }

        Pulse();
    }

    /// <summary>A timer was fired: its callback is queued or running.</summary>
    internal void BeginFiring() => Interlocked.Increment(ref firingCount);

    /// <summary>A fired timer's callback returned; what it started shows up as the run's own activity.</summary>
    internal void EndFiring()
    {
        Interlocked.Decrement(ref firingCount);
        Pulse();
    }

    internal bool Change(VirtualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        var fireNow = false;
        lock (gate)
        {
            if (timer.IsDisposed)
            {
                return false;
            }

            Unschedule(timer);
            timer.Period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? 0 : period.Ticks;
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                timer.Interval = dueTime;
                timer.Due = now + Math.Max(0, dueTime.Ticks);
                fireNow = dueTime <= TimeSpan.Zero;
                if (fireNow && timer.Period > 0)
                {
                    timer.Due = now + timer.Period;
                }

                if (!fireNow || timer.Period > 0)
                {
                    Schedule(timer);
                }
            }

            Touch();
        }

        if (fireNow)
        {
            timer.Fire();
        }

        return true;
    }

    internal void Remove(VirtualTimer timer)
    {
        lock (gate)
        {
            timer.IsDisposed = true;
            Unschedule(timer);
            Touch();
        }
    }

    private VirtualTimer? Create(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period, CallRecord? owner, bool guard, string? label, TimeProvider? after, string? setBy = null, (string Kind, string Of)? kind = null)
    {
        VirtualTimer timer;
        lock (gate)
        {
            if (ended)
            {
                return null;
            }

            timer = new VirtualTimer(this, callback, state, ++sequence, owner, guard, label, after) { SetBy = setBy, Kind = kind };
        }

        Change(timer, dueTime, period);
        return timer;
    }

    private void Schedule(VirtualTimer timer)
    {
        if (ended)
        {
            return;
        }

        timer.IsScheduled = timers.Add(timer);
        if (timer.IsScheduled)
        {
            CountGuard(timer, +1);
        }
    }

    private void Unschedule(VirtualTimer timer)
    {
        if (timer.IsScheduled)
        {
            timers.Remove(timer);
            timer.IsScheduled = false;
            CountGuard(timer, -1);
        }
    }

    private void CountGuard(VirtualTimer timer, int change)
    {
        if (!timer.IsGuard)
        {
            return;
        }

        guardCount += change;
        if (timer.Owner is { } owner && (guardsByOwner[owner] = guardsByOwner.GetValueOrDefault(owner) + change) == 0)
        {
            guardsByOwner.Remove(owner);
        }
    }

    private void Update(Action change)
    {
        lock (gate)
        {
            change();
            Touch();
        }
    }

    // Called under the gate. Most changes leave the run busy (a call starts, a timer is set while a callee works): only
    // one that leaves it quiescent wakes the driver, so a run costs one wake-up per wait on the clock, not one per change.
    private void Touch()
    {
        Interlocked.Increment(ref version);
        if (quiet is { } signal && IsQuiescent())
        {
            quiet = null;
            signal.TrySetResult();
        }
    }

    private void Pulse()
    {
        lock (gate)
        {
            Touch();
        }
    }

    private sealed class LabelScope((string? Label, bool EndsNothing) previous) : IDisposable
    {
        public void Dispose() => (NextLabel.Value, NextEndsNothing.Value) = previous;
    }
}

/// <summary>A guard timer that fired on a run's clock, and when (<see cref="VirtualClock.LastFired"/>).</summary>
/// <param name="At">The virtual time it fired at.</param>
/// <param name="What">How reports name it (<see cref="VirtualTimer.Describe"/>).</param>
internal sealed record FiredTimer(TimeSpan At, string What);
