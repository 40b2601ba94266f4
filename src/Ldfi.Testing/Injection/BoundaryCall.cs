namespace Ldfi.Testing;

/// <summary>
/// One call across a boundary inside a running experiment, started by <see cref="FaultInjection.BeginCall"/>.
/// The adapter injects <see cref="Fault"/> when it is set, runs the callee inside <see cref="EnterCallee"/>
/// when the callee runs in-process, and reports the outcome with <see cref="Complete"/>.
/// </summary>
public sealed class BoundaryCall
{
    private readonly RunContext run;
    private readonly CallRecord record;

    internal BoundaryCall(RunContext run, CallRecord record, Fault? fault)
    {
        this.run = run;
        this.record = record;
        Fault = fault;
    }

    /// <summary>Gets the call site.</summary>
    public CallSite Site => record.Site;

    /// <summary>Gets the fault to inject into this call, or <see langword="null"/> to let it through.</summary>
    public Fault? Fault { get; }

    /// <summary>Gets the experiment id to send with the request in <see cref="FaultInjection.ExperimentHeader"/>.</summary>
    public string ExperimentId => run.Id;

    /// <summary>Gets the call identity to send with the request in <see cref="FaultInjection.CallHeader"/>.</summary>
    public string CallId => record.Site.Id;

    /// <summary>Gets the run's clock.</summary>
    internal VirtualClock Clock => run.Clock;

    /// <summary>Gets the error status codes this call site can take.</summary>
    public IReadOnlyList<int> StatusCodes => record.StatusCodes;

    /// <summary>
    /// Makes this call the parent of every boundary call started until the scope is disposed: use it
    /// around an in-process callee so that its own calls are attributed to this one.
    /// </summary>
    /// <returns>The scope.</returns>
    public IDisposable EnterCallee() => Ambient.Enter(run, record);

    /// <summary>
    /// For a <see cref="FaultKind.Delay"/> fault: holds the response back until <paramref name="callerToken"/>
    /// is cancelled (the caller's timeout), the run is stopped, or <see cref="ExplorationOptions.Delay"/> elapses, on
    /// the experiment's virtual clock (<see cref="ExplorationOptions.VirtualTime"/>).
    /// </summary>
    /// <param name="callerToken">The caller's cancellation token.</param>
    /// <returns>A task that completes when the delay elapsed, or is cancelled with the caller or the run.</returns>
    public Task HoldResponseAsync(CancellationToken callerToken) => HoldAsync(callerToken);

    /// <summary>
    /// For a <see cref="FaultKind.Delay"/> fault whose caller's timers are not on the run's clock (a caller in another
    /// process, behind a fault proxy): holds the response back in real time until <paramref name="callerToken"/> is
    /// cancelled (the caller closed the connection), the run is stopped, or <see cref="ExplorationOptions.Delay"/>
    /// elapses. The call counts as running meanwhile, so the run's virtual clock neither moves nor reports a hang while
    /// a timer it cannot see decides when the caller gives up.
    /// </summary>
    /// <param name="callerToken">Cancelled when the caller gives up (for a proxy: the connection was closed).</param>
    /// <param name="endedBy">How reports name the end of the hold when <paramref name="callerToken"/> fires; null for
    /// <c>the caller gave up</c>.</param>
    /// <returns>A task that completes when the delay elapsed, or is cancelled with the caller or the run.</returns>
    public Task HoldResponseInRealTimeAsync(CancellationToken callerToken, string? endedBy = null) =>
        ResponseHold.HoldAsync(record, new HoldSpec(run.Settings.Delay, Clock: null, TimeProvider.System, Record: true, endedBy), callerToken, run.Stopping);

    /// <summary>
    /// Holds the response as <see cref="HoldResponseAsync"/> does; with <paramref name="deadline"/>, also until that
    /// deadline of the caller's passes, kept by a timer of the caller's (<see cref="CreateCallerTimer"/>) named <paramref name="label"/>.
    /// Without virtual time the hold is real and not recorded, as a plain <c>Task.Delay</c> on the run's provider.
    /// </summary>
    internal Task<HoldEnd> HoldAsync(CancellationToken callerToken, TimeSpan? deadline = null, string? label = null)
    {
        Func<Action, ITimer>? keep = deadline is { } due ? fire => CreateCallerTimer(due, fire, label ?? "a deadline") : null;
        var onClock = run.Clock.Enabled;
        return ResponseHold.HoldAsync(record, new HoldSpec(run.Settings.Delay, onClock ? run.Clock : null, run.Settings.TimeProvider, Record: onClock, Deadline: keep), callerToken, run.Stopping);
    }

    /// <summary>
    /// The caller gave up on this call before its callee answered: remembered with the time and the timer that fired (when
    /// a timer of the run's clock is firing on this thread), so a hold deeper down that this ended is told truthfully.
    /// </summary>
    internal void GaveUp() => record.GiveUp(run.Clock.Now, VirtualTimer.Firing?.Describe());

    /// <summary>Marks the current thread as blocked on this run's clock (see <see cref="RunThreads.Park"/>).</summary>
    internal IDisposable ParkThread() => run.Threads.Park();

    /// <summary>
    /// A timer of the caller's (owned by the call it is serving, as its own timers are) on the run's clock, or a real one
    /// when time is real; <paramref name="label"/> names it in reports.
    /// </summary>
    internal ITimer CreateCallerTimer(TimeSpan due, Action fire, string label)
    {
        using (VirtualClock.Labelled(label))
        {
            return run.Clock.TryCreateTimer(_ => fire(), null, due, Timeout.InfiniteTimeSpan, record.ParentRecord, run.Settings.TimeProvider)
                ?? run.Settings.TimeProvider.CreateTimer(_ => fire(), null, due, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Runs an in-process callee for this call and reports its outcome: the callee's own calls get this call as parent,
    /// a failure is recorded as such, and under a <see cref="FaultKind.Delay"/> fault its result is held back
    /// (<see cref="HoldResponseAsync"/>) before it is returned. Error and Status faults are the caller's to inject first.
    /// </summary>

    internal async Task<T> RunCalleeAsync<T>(Func<Task<T>> callee, CancellationToken callerToken)
    {
        T result;
        try
        {
            Task<T> pending;
            using (EnterCallee())
            {
                pending = callee();
            }

            result = await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A Delay holds a result back; a callee that threw has none: the caller gets the exception at once, as without
            // the fault. So the Delay did not fire and the call failed organically (docs/boundaries.md).
            run.Threw(record);
            Complete(false, ex.GetType().Name);
            throw;
        }

        if (Fault is not null)
        {
            await HoldResponseAsync(callerToken).ConfigureAwait(false);
        }

        Complete(true);
        return result;
    }

    /// <summary>Reports what the call got. A call with an injected fault keeps <see cref="CallOutcome.Faulted"/>.</summary>
    /// <param name="success">Whether the call succeeded.</param>
    /// <param name="detail">A short detail, such as <c>HTTP 404</c> or an exception type.</param>
    public void Complete(bool success, string? detail = null) => run.Complete(record, success, detail);
}
