namespace Ldfi.Testing;

/// <summary>
/// A timer on a run's <see cref="VirtualClock"/>. Its callback runs on the thread pool under the execution context
/// captured at creation, as <see cref="TimeProvider.System"/>'s timers do. When the run ends while it is pending, it
/// moves onto the provider it was created through (the service's own, <see cref="ExperimentTimeProvider.Inner"/>) with the time it had left, so nothing a long-lived component scheduled is lost.
/// </summary>
internal sealed class VirtualTimer : ITimer
{
    /// <summary>
    /// Orders pending timers by due time, then guards before the others (a hold's own end, the test's own client's
    /// timeout: at the same instant the system's own timeout decides), then by creation.
    /// </summary>
    public static readonly IComparer<VirtualTimer> DueOrder = Comparer<VirtualTimer>.Create((a, b) =>
        a.Due != b.Due ? a.Due.CompareTo(b.Due) : a.IsGuard != b.IsGuard ? (a.IsGuard ? -1 : 1) : a.Sequence.CompareTo(b.Sequence));

    // Per thread, not AsyncLocal: cancellation callbacks run on the firing thread but under the context they captured.
    [ThreadStatic]
    private static VirtualTimer? firingNow;

    private readonly VirtualClock clock;
    private readonly TimerCallback callback;
    private readonly object? state;
    private readonly ExecutionContext? context;
    private readonly TimeProvider? after;
    private ITimer? moved;

    public VirtualTimer(VirtualClock clock, TimerCallback callback, object? state, long sequence, CallRecord? owner, bool guard, string? label, TimeProvider? after)
    {
        this.after = after;
        this.clock = clock;
        this.callback = callback;
        this.state = state;
        Sequence = sequence;
        Owner = owner;
        IsGuard = guard;
        Label = label;
        context = ExecutionContext.IsFlowSuppressed() ? null : ExecutionContext.Capture();
    }

    /// <summary>Gets the timer whose callback is running in the current flow, to tell what ended a wait.</summary>
    public static VirtualTimer? Firing => firingNow;

    /// <summary>Gets the clock the timer is on.</summary>
    public VirtualClock Clock => clock;

    public long Sequence { get; }

    /// <summary>Gets the call whose callee created the timer, or null for the test body and the first service it reaches.</summary>
    public CallRecord? Owner { get; }

    /// <summary>Gets a value indicating whether the timer can end a wait (false for a Delay fault's own end).</summary>
    public bool IsGuard { get; }

    /// <summary>Gets what the timer is, where known (for example <c>HttpClient.Timeout of client 'payments'</c>).</summary>
    public string? Label { get; }

    /// <summary>Gets the virtual time the timer is due at, in ticks since the run started.</summary>
    public long Due { get; set; }

    /// <summary>Gets the interval, in ticks, of a periodic timer, or 0.</summary>
    public long Period { get; set; }

    /// <summary>Gets the delay it was last set to, for reports.</summary>
    public TimeSpan Interval { get; set; }

    public bool IsScheduled { get; set; }

    public bool IsDisposed { get; set; }

    /// <summary>Gets the service that set the timer, and the client it was set for where known (<c>front for client 'back'</c>).</summary>
    public string? SetBy { get; init; }

    /// <summary>Gets what the timer is for and whose it is, where the resilience strategy that created it tells (<see cref="TimerKinds"/>).</summary>
    public (string Kind, string Of)? Kind { get; init; }

    /// <summary>
    /// Names the timer for reports: its label, else its kind and owner (<c>the attempt timeout (10 s) of orders' client
    /// 'payments'</c>; a back-off without its duration, which jitter makes differ between runs), else its duration and the
    /// service that set it.
    /// </summary>
    public string Describe() => Label ?? Kind switch
    {
        { Kind: TimerKinds.BackOff, Of: var of } => $"the {TimerKinds.BackOff} of {of}",
        { Kind: var kind, Of: var of } => $"the {kind} ({Phrases.Duration(Interval)}) of {of}",
        _ => $"a {Phrases.Duration(Interval)} timer set by {SetBy ?? Owner?.Site.Callee ?? "the first service"}",
    };

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (Volatile.Read(ref moved) is { } real)
        {
            return real.Change(dueTime, period);
        }

        return clock.Change(this, dueTime, period);
    }

    public void Dispose()
    {
        if (Volatile.Read(ref moved) is { } real)
        {
            real.Dispose();
            return;
        }

        clock.Remove(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Moves a timer still pending at the end of its run onto the provider it was created through (the service's own);
    /// one without a provider (the guard of a real timer, which goes on by itself) is dropped.
    /// </summary>
    public void MoveTo(TimeSpan remaining, TimeSpan period)
    {
        if (after is not null)
        {
            Volatile.Write(ref moved, after.CreateTimer(callback, state, remaining, period));
        }
    }

    /// <summary>
    /// Runs the callback on the thread pool. The clock counts it as firing from now until the callback has returned, so
    /// the run never looks quiescent while a fired timer waits for a thread or runs outside the run's context (a
    /// <see cref="CancellationTokenSource"/> timer captures no context).
    /// </summary>
    public void Fire()
    {
        clock.Fired(this);
        clock.BeginFiring();
        ThreadPool.UnsafeQueueUserWorkItem(static t => t.Invoke(), this, preferLocal: false);
    }

    private void Invoke()
    {
        try
        {
            if (context is null)
            {
                Run(this);
            }
            else
            {
                ExecutionContext.Run(context, static s => Run((VirtualTimer)s!), this);
            }
        }
        finally
        {
            clock.EndFiring();
        }
    }

    private static void Run(VirtualTimer timer)
    {
        firingNow = timer;
        try
        {
            timer.callback(timer.state);
        }
        finally
        {
            firingNow = null;
        }
    }
}
