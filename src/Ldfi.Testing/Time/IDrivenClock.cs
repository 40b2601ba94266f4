namespace Ldfi.Testing;

/// <summary>
/// What <see cref="ClockDriver"/> needs of a run's timer bookkeeping: <see cref="VirtualClock"/> is the one
/// implementation; the seam lets the driver be tested against a real clock with a deterministic <see cref="ISettleDetector"/>.
/// </summary>
internal interface IDrivenClock
{
    /// <summary>Gets a value indicating whether timers of the run are virtual.</summary>
    bool Enabled { get; }

    /// <summary>Gets a number that changes with every activity of the run.</summary>
    long Version { get; }

    /// <summary>Tells whether the run can make no progress without time passing, and what is due next.</summary>
    ClockState Inspect();

    /// <summary>Drops the guards of real timers that are no longer armed; returns whether any was dropped.</summary>
    bool PruneRealTimers();

    /// <summary>Moves the clock to <paramref name="due"/> (ticks since the run started) and fires the first timer due by then.</summary>
    void AdvanceTo(long due);
}

/// <summary>
/// Tells whether a quiescent run (<see cref="ClockState.Quiescent"/>) stayed quiet long enough for its clock to move:
/// work the clock cannot see (CPU, a thread blocked in the run's code, work queued on the thread pool) must have ended.
/// <see cref="SettleWatcher"/> is the one implementation.
/// </summary>
internal interface ISettleDetector
{
    /// <summary>Completes with true once the run has been quiet for the whole window, false as soon as it was not.</summary>
    Task<bool> WaitAsync(IDrivenClock clock, Task body);
}
