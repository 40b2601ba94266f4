namespace Ldfi.Testing;

/// <summary>How a driven run ended.</summary>
internal enum DriveOutcome
{
    /// <summary>The body finished.</summary>
    Completed,

    /// <summary>The next timer was due after the virtual deadline.</summary>
    Deadline,

    /// <summary>The run waited on held responses, and no timer of the run could ever end the wait.</summary>
    Hung,

    /// <summary>The real-time safety net (or the grace period) ran out.</summary>
    WallClock,
}

/// <summary>The result of <see cref="ClockDriver.DriveAsync"/>, with what the run waited on when it was stopped.</summary>
internal sealed record DriveResult(DriveOutcome Outcome, ClockState? State);

/// <summary>
/// Moves a run's virtual clock: whenever the run is quiescent (<see cref="VirtualClock.Inspect"/>) and stays so through
/// a settle check (<see cref="ISettleDetector"/>, <see cref="SettleWatcher"/> in a run), the clock jumps to the next due timer. A run whose held responses no
/// timer can end is reported once it has stayed so for <see cref="HangGrace"/>; a timer due past the deadline at once.
/// </summary>
internal static class ClockDriver
{
    /// <summary>How long a run must stay hung, in real time, before it is reported: see <see cref="DriveAsync"/>.</summary>
    private static readonly TimeSpan HangGrace = TimeSpan.FromMilliseconds(25);

    /// <param name="clock">The run's clock.</param>
    /// <param name="settle">The settle check (<see cref="SettleWatcher"/> over the run's threads).</param>
    /// <param name="body">The test body.</param>
    /// <param name="deadline">The virtual deadline, or null after the run was stopped.</param>
    /// <param name="stopWhenHung">Whether a hang ends the drive (false while waiting for a stopped run to unwind).</param>
    /// <param name="limit">The real time the drive may take.</param>
    /// <param name="wall">The real time source.</param>
    public static async Task<DriveResult> DriveAsync(IDrivenClock clock, ISettleDetector settle, Task body, TimeSpan? deadline, bool stopWhenHung, TimeSpan limit, TimeProvider wall)
    {
        if (!clock.Enabled)
        {
            var real = deadline is { } d && d < limit ? d : limit;
            var won = await Task.WhenAny(body, Task.Delay(real, wall)).ConfigureAwait(false);
            return new DriveResult(won == body ? DriveOutcome.Completed : real == limit ? DriveOutcome.WallClock : DriveOutcome.Deadline, null);
        }

        // One timer for the real-time limit, for the whole drive: the loop wakes at the run's quiescent moments only.
        using var expiry = new CancellationTokenSource();
        var limitReached = Task.Delay(limit, wall, expiry.Token);
        try
        {
            return await DriveVirtualAsync(clock, settle, body, deadline, stopWhenHung, limit, limitReached, wall).ConfigureAwait(false);
        }
        finally
        {
            await expiry.CancelAsync().ConfigureAwait(false);
        }
    }

    private static async Task<DriveResult> DriveVirtualAsync(IDrivenClock clock, ISettleDetector settle, Task body, TimeSpan? deadline, bool stopWhenHung, TimeSpan limit, Task limitReached, TimeProvider wall)
    {
        // A hang ends the run, so it is only reported once settle checks have found it for HangGrace of real time with
        // nothing happening (the clock's version unchanged): a wake-up in transit on a busy machine must not pass for
        // one. Real timers (a CancelAfter without a TimeProvider) are on the clock through the census.
        // Without the census (TimerCensus) a real timer could still end the wait: only the real-time limit may call it a hang.
        var hangGrace = TimerCensus.Active ? HangGrace : limit;
        long? hangSince = null;
        var hangVersion = 0L;
        while (!body.IsCompleted)
        {
            if (limitReached.IsCompleted)
            {
                return new DriveResult(DriveOutcome.WallClock, clock.Inspect());
            }

            var state = clock.Inspect();
            if (!state.Quiescent || (!stopWhenHung && state.NearestGuard is null))
            {
                hangSince = null;
                await Task.WhenAny(body, state.NextQuiet, limitReached).ConfigureAwait(false);
                continue;
            }

            // A real timer the run disposed (a CancelAfter whose call succeeded) or that fired by itself is no guard.
            if (clock.PruneRealTimers())
            {
                continue;
            }

            var version = clock.Version;
            if (!await settle.WaitAsync(clock, body).ConfigureAwait(false) || !(state = clock.Inspect()).Quiescent)
            {
                hangSince = null;
                continue;
            }

            if (state.NearestGuard is null)
            {
                if (hangSince is null || hangVersion != version)
                {
                    (hangSince, hangVersion) = (wall.GetTimestamp(), version);
                }

                var waited = wall.GetElapsedTime(hangSince.Value);
                if (waited >= hangGrace)
                {
                    return new DriveResult(DriveOutcome.Hung, state);
                }

                await Task.WhenAny(body, state.NextQuiet, limitReached, Task.Delay(hangGrace - waited, wall)).ConfigureAwait(false);
                continue;
            }

            if (deadline is { } limitAt && state.NextDue!.Due > limitAt.Ticks)
            {
                clock.AdvanceTo(limitAt.Ticks);
                return new DriveResult(DriveOutcome.Deadline, state);
            }

            hangSince = null;
            clock.AdvanceTo(state.NextDue!.Due);
        }

        return new DriveResult(DriveOutcome.Completed, null);
    }
}
