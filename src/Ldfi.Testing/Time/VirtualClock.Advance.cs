namespace Ldfi.Testing;

/// <summary>What a quiescent run can do next: see <see cref="VirtualClock.Inspect"/>.</summary>
/// <param name="Quiescent">Whether every piece of the run waits on the clock.</param>
/// <param name="NextDue">The earliest pending timer (a guard or a hold's end), or null.</param>
/// <param name="NearestGuard">The earliest pending guard timer, or null when nothing will ever end the waits.</param>
/// <param name="Held">The calls held by Delay faults now.</param>
/// <param name="Running">The calls in flight that are not held.</param>
internal sealed record ClockState(bool Quiescent, VirtualTimer? NextDue, VirtualTimer? NearestGuard, IReadOnlyList<CallRecord> Held, IReadOnlyList<CallRecord> Running);

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
            var children = inFlight.Keys.Where(c => c.ParentRecord is { } p && inFlight.ContainsKey(p)).ToLookup(c => c.ParentRecord!);
            var tops = inFlight.Keys.Where(c => c.ParentRecord is not { } p || !inFlight.ContainsKey(p)).ToList();
            var guards = timers.Where(t => t.IsGuard).ToList();
            bool Waiting(CallRecord call) =>
                inFlight[call] || (children[call].Any() ? children[call].All(Waiting) : guards.Any(t => t.Owner == call));
            var quiescent = Volatile.Read(ref firingCount) == 0 && !AnyMoving &&
                (tops.Count == 0 ? guards.Count > 0 : tops.All(Waiting) && (guards.Count > 0 || inFlight.Values.Any(h => h)));
            return new ClockState(
                quiescent,
                timers.Min,
                guards.FirstOrDefault(),
                [.. inFlight.Where(p => p.Value).Select(p => p.Key).OrderBy(c => c.Site.Id, StringComparer.Ordinal)],
                [.. inFlight.Where(p => !p.Value).Select(p => p.Key).OrderBy(c => c.Site.Id, StringComparer.Ordinal)]);
        }
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
                parts.Add(Phrases.Plural(timers.Count(t => t.IsGuard), "timer") + " pending on the virtual clock");
            }
        }

        return parts.Count == 0 ? "no boundary call or timer: the test's own code (or a wait this tool cannot see)" : string.Join("; ", parts);
    }
}
