namespace Ldfi.Testing;

/// <summary>What a quiescent run can do next: see <see cref="VirtualClock.Inspect"/>.</summary>
/// <param name="Quiescent">Whether every piece of the run waits on the clock.</param>
/// <param name="NextDue">The earliest pending timer (a guard or a hold's end), or null.</param>
/// <param name="NearestGuard">The earliest pending guard timer, or null when nothing will ever end the waits.</param>
/// <param name="Held">The calls held by Delay faults now.</param>
/// <param name="Running">The calls in flight that are not held.</param>
/// <param name="NextQuiet">Completes at the first change after this state that leaves the run quiescent.</param>
internal sealed record ClockState(bool Quiescent, VirtualTimer? NextDue, VirtualTimer? NearestGuard, IReadOnlyList<CallRecord> Held, IReadOnlyList<CallRecord> Running, Task NextQuiet);

internal sealed partial class VirtualClock
{
    /// <summary>
    /// Tells whether the run can make no progress without time passing. A call in flight waits when it is held, when
    /// all of its own calls in flight wait, or, with none in flight, when its callee has set a timer (a back-off). The
    /// run waits when every outermost call in flight waits, or, with none in flight, when a timer is pending; never while
    /// a fired timer's callback has not returned or a request is on its way between two services (<see cref="Send"/>). Work
    /// that is neither a boundary call nor a timer (CPU, real I/O) is what <see cref="ClockDriver"/>'s settle check sees.
    /// </summary>
    public ClockState Inspect()
    {
        lock (gate)
        {
            return new ClockState(
                IsQuiescent(),
                timers.Min,
                timers.FirstOrDefault(t => t.IsGuard),
                [.. inFlight.Where(p => p.Value).Select(p => p.Key).OrderBy(c => c.Site.Id, StringComparer.Ordinal)],
                [.. inFlight.Where(p => !p.Value).Select(p => p.Key).OrderBy(c => c.Site.Id, StringComparer.Ordinal)],
                (quiet ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task);
        }
    }

    // Under the gate, without allocating: it runs at every change of the run the driver waits on (Touch). Few calls are
    // in flight at once, so the nested scans cost less than the lookups they replace; timers are read as counts.
    private bool IsQuiescent()
    {
        if (Volatile.Read(ref firingCount) != 0 || AnyMoving)
        {
            return false;
        }

        var anyGuard = guardCount > 0;
        var anyTop = false;
        var anyHeld = false;
        foreach (var (call, held) in inFlight)
        {
            anyHeld |= held;
            if (call.ParentRecord is { } parent && inFlight.ContainsKey(parent))
            {
                continue;
            }

            anyTop = true;
            if (!Waiting(call))
            {
                return false;
            }
        }

        return anyTop ? anyGuard || anyHeld : anyGuard;
    }

    private bool Waiting(CallRecord call)
    {
        if (inFlight[call])
        {
            return true;
        }

        var anyChild = false;
        foreach (var child in inFlight.Keys)
        {
            if (ReferenceEquals(child.ParentRecord, call))
            {
                anyChild = true;
                if (!Waiting(child))
                {
                    return false;
                }
            }
        }

        return anyChild || guardsByOwner.ContainsKey(call);
    }

    /// <summary>
    /// Moves the clock to <paramref name="due"/> (ticks since the run started) and fires the first timer due by then.
    /// One timer a step: timers due at the same instant fire in the order they were set, each after the run settled
    /// from the one before, so a race between equal timeouts has one outcome.
    /// </summary>
    public void AdvanceTo(long due)
    {
        VirtualTimer? firing = null;
        lock (gate)
        {
            if (ended)
            {
                return;
            }

            Volatile.Write(ref now, Math.Max(now, due));
            if (timers.Min is { } next && next.Due <= now)
            {
                Unschedule(next);
                firing = next;
                if (next.Period > 0)
                {
                    next.Due = now + next.Period;
                    Schedule(next);
                }
            }

            Touch();
        }

        firing?.Fire();
    }

    /// <summary>Describes what the run waits on, for reports of runs that were stopped.</summary>
    public string DescribeWaits()
    {
        var state = Inspect();
        var parts = new List<string>();
        if (state.Running.Count > 0)
        {
            parts.Add("running: " + string.Join("; ", state.Running.Select(c => c.Site.ToString())));
        }

        if (state.Held.Count > 0)
        {
            parts.Add("held by a Delay fault: " + string.Join("; ", state.Held.Select(c => c.Site.ToString())));
        }

        lock (gate)
        {
            if (timers.Count > 0)
            {
                // Guards can end a wait; the others (a hold's own end, the test's own client's timeout) cannot.
                var others = timers.Count - guardCount;
                parts.Add(Phrases.Plural(guardCount, "timer") + " pending on the virtual clock" + (others > 0 ? $" (and {Phrases.Plural(others, "timer")} that end no wait of the system)" : string.Empty));
            }
        }

        return parts.Count == 0 ? "no boundary call or timer: the test's own code (or a wait this tool cannot see)" : string.Join("; ", parts);
    }
}
