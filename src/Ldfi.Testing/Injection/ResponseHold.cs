using System.Diagnostics;

namespace Ldfi.Testing;

/// <summary>What ended a held response (<see cref="ResponseHold"/>).</summary>
internal enum HoldEnd
{
    /// <summary>The hold's own end (<see cref="ExplorationOptions.Delay"/>) elapsed.</summary>
    OwnEnd,

    /// <summary>The caller gave up (its token was cancelled).</summary>
    Caller,

    /// <summary>A deadline of the caller's that the hold itself keeps (a gRPC call's <c>grpc-timeout</c>) passed.</summary>
    Deadline,

    /// <summary>The run was stopped.</summary>
    Stopped,
}

/// <summary>How a response is held: what differs between the holds of <see cref="ResponseHold.HoldAsync"/>.</summary>
/// <param name="Delay">The hold's own end.</param>
/// <param name="Clock">The run's clock, to hold on virtual time; null to hold in real time (the call counts as running meanwhile).</param>
/// <param name="RealTime">The provider of a real-time hold's own end, and the one a virtual hold's own end moves onto when the run ends first.</param>
/// <param name="Record">Whether the hold writes <see cref="CallRecord.HeldFor"/> and <see cref="CallRecord.HoldEndedBy"/>.</param>
/// <param name="CallerEnd">How a real-time hold names the caller giving up; null for <c>the caller gave up</c>. A virtual hold names the timer that fired.</param>
/// <param name="Deadline">Creates the timer of a deadline the hold keeps for its caller, given what its firing must do; null for none.</param>
internal readonly record struct HoldSpec(TimeSpan Delay, VirtualClock? Clock, TimeProvider RealTime, bool Record, string? CallerEnd = null, Func<Action, ITimer>? Deadline = null);

/// <summary>
/// Holds a Delay fault's response until the first of: the caller gives up, the run stops, the caller's deadline the hold
/// keeps passes (<see cref="HoldSpec.Deadline"/>), or the hold's own end. The one implementation behind every hold:
/// <see cref="BoundaryCall.HoldResponseAsync"/> (on the run's clock, or in real time without virtual time),
/// <see cref="BoundaryCall.HoldResponseInRealTimeAsync"/> (a caller in another process, behind a fault proxy) and the
/// gRPC deadline (<see cref="GrpcDeadline"/>).
/// </summary>
internal static class ResponseHold
{
    private const string OwnEndName = "the hold's own end (ExplorationOptions.Delay)";

    /// <summary>
    /// Holds the response. A caller giving up or a stopped run throw: <see cref="OperationCanceledException"/> on the
    /// clock, <see cref="TaskCanceledException"/> in real time (what <c>Task.Delay</c> threw there). On the clock the call
    /// is held meanwhile (<see cref="VirtualClock.SetHeld"/>); its own end is not a guard, so a run whose only pending
    /// timers are hold ends is hung (<see cref="ClockDriver"/>). When a caller further up gave up first (its request was
    /// abandoned while this call was held, see <see cref="CallRecord.GivenUpAbove"/>), that give-up is what ended the hold
    /// for the run, and the hold is told so, with its duration up to then.
    /// </summary>
    public static async Task<HoldEnd> HoldAsync(CallRecord call, HoldSpec spec, CancellationToken caller, CancellationToken stopped)
    {
        var clock = spec.Clock;
        var started = clock?.Now ?? TimeSpan.Zero;
        var realStart = Stopwatch.GetTimestamp();
        var done = new TaskCompletionSource<(HoldEnd End, string By)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var released = 0;

        // On the clock the call is running again from the moment its hold ends, before the wake-up is queued: the run is
        // never taken for hung (or quiescent) while the released response is on its way to the caller.
        void Release(HoldEnd end, string endedBy)
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                clock?.SetRunning(call);
                done.TrySetResult((end, endedBy));
            }
        }

        string CallerGaveUp() => clock is null ? spec.CallerEnd ?? "the caller gave up"
            : VirtualTimer.Firing is { } t ? $"the caller gave up ({t.Describe()})" : "the caller gave up";

        // The deadline is set before the call counts as held, so the run is never seen held without its guard.
        var deadline = spec.Deadline?.Invoke(() => Release(HoldEnd.Deadline, CallerGaveUp()));
        clock?.SetHeld(call);
        var ownEnd = clock is not null
            ? clock.CreateHoldEnd(_ => Release(HoldEnd.OwnEnd, OwnEndName), spec.Delay, call)
            : spec.RealTime.CreateTimer(_ => Release(HoldEnd.OwnEnd, OwnEndName), null, spec.Delay, Timeout.InfiniteTimeSpan);
        var end = HoldEnd.OwnEnd;
        try
        {
            using var byCaller = caller.Register(() => Release(HoldEnd.Caller, CallerGaveUp()));
            using var byStop = stopped.Register(() => Release(HoldEnd.Stopped, "the end of the run"));
            (end, var endedBy) = await done.Task.ConfigureAwait(false);
            if (spec.Record)
            {
                call.HoldEndedBy = endedBy;
            }
        }
        finally
        {
            ownEnd?.Dispose();
            deadline?.Dispose();
            if (spec.Record)
            {
                call.HeldFor = clock is null ? Stopwatch.GetElapsedTime(realStart) : clock.Now - started;
            }

            if (clock is not null)
            {
                EndedAbove(call, started);
                clock.SetDone(call);
            }
        }

        if (clock is null)
        {
            return end is HoldEnd.Caller or HoldEnd.Stopped || (end == HoldEnd.Deadline && caller.IsCancellationRequested) ? throw new TaskCanceledException() : end;
        }

        caller.ThrowIfCancellationRequested();
        if (end != HoldEnd.Deadline)
        {
            stopped.ThrowIfCancellationRequested();
        }

        return end;
    }

    private static void EndedAbove(CallRecord call, TimeSpan started)
    {
        if (call.ParentRecord?.GivenUpAbove(started) is { GivenUpAt: { } at } above &&
            (at < started + call.HeldFor || call.HoldEndedBy is null or "the caller gave up" || call.HoldEndedBy.StartsWith("the end of the run", StringComparison.Ordinal)))
        {
            call.HoldEndedBy = $"{above.Site.Caller} gave up on {above.Site.Callee}" + (above.GivenUpBy is { } by ? $" ({by})" : string.Empty);
            call.HeldFor = at - started;
        }
    }
}
