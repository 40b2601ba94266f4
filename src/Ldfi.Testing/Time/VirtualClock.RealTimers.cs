using System.Globalization;

namespace Ldfi.Testing;

internal sealed partial class VirtualClock
{
    // The runtime timers the run armed, by the identity the census reports, each shadowed by a guard on this clock.
    // Its own lock, never held while a timer is created or a runtime timer queue is locked: the census calls in under
    // the runtime queue's lock.
    private readonly Lock realGate = new();
    private readonly Dictionary<long, RealShadow> shadows = [];
    private readonly List<RealTimer> realTimers = [];

    /// <summary>Gets the real timers the run armed so far (<see cref="TimerCensus"/>), in the order they were armed.</summary>
    public IReadOnlyList<RealTimer> RealTimers
    {
        get
        {
            lock (realGate)
            {
                return [.. realTimers];
            }
        }
    }

    /// <summary>
    /// Puts a real timer the run armed (<see cref="TimerCensus"/>) on this clock: a guard due when the real one would
    /// be, which, when the clock reaches it, fires the runtime timer's callback at once and disarms the real one. Where
    /// the runtime timer has fired by itself, been disposed or re-armed by then, the guard does nothing; the driver also
    /// drops such guards before it judges the run hung (<see cref="PruneRealTimers"/>).
    /// </summary>
    /// <param name="identity">The runtime timer's identity (<see cref="TimerCensus"/>).</param>
    /// <param name="due">Its due time, in milliseconds from now.</param>
    /// <param name="period">Its period, or null.</param>
    /// <param name="owner">The call whose callee armed it, or null.</param>
    /// <param name="service">The service whose code armed it, where known.</param>
    /// <param name="api">The API that armed it.</param>
    /// <param name="armedIn">The first frame of the application's code that armed it.</param>
    /// <param name="guard">False for a timer that ends nothing the system under test waits on (the test's own client's timeout).</param>
    /// <param name="label">How reports name it, when not by <paramref name="api"/> and <paramref name="armedIn"/>.</param>
    /// <param name="runtimeTimer">The runtime timer itself, where the caller has it; else it is looked up when needed.</param>
    public VirtualTimer? AdoptRealTimer(long identity, uint due, uint? period, CallRecord? owner, string? service, string api, string? armedIn, bool guard = true, string? label = null, object? runtimeTimer = null)
    {
        service ??= owner?.Site.Callee ?? "the first service";
        var record = new RealTimer(api, armedIn, service, TimeSpan.FromMilliseconds(due), period is { } p ? TimeSpan.FromMilliseconds(p) : null);
        var shadow = new RealShadow(identity, due, record, Now) { RuntimeTimer = runtimeTimer };
        label ??= string.Create(CultureInfo.InvariantCulture, $"{api} ({Phrases.Duration(record.DueTime)}){(armedIn is null ? string.Empty : " in " + armedIn)}, a real timer of {service}");
        RealShadow? replaced;
        lock (realGate)
        {
            if (ended)
            {
                return null;
            }

            // The same arming seen twice (two handlers of one client receive the same token) is one timer.
            if (shadows.TryGetValue(identity, out var seen) && seen.Due == due && seen.ArmedAt == Now && seen.Timer is { IsScheduled: true } same)
            {
                return same;
            }

            shadows.Remove(identity, out replaced);
            shadows[identity] = shadow;
            realTimers.Add(record);
        }

        replaced?.Timer?.Dispose();
        shadow.Timer = Create(static s => ((RealShadow)s!).Fire(), shadow, record.DueTime, Timeout.InfiniteTimeSpan, owner, guard, label, after: null);
        return shadow.Timer;
    }

    /// <summary>
    /// Drops the guards of real timers that are no longer armed (fired in real time, disposed, re-armed elsewhere), so a
    /// disposed <c>CancelAfter</c> never passes for a timeout. Returns whether any was dropped. Each runtime timer is
    /// found once; later looks read the timer itself, so this costs a few reads per pending real timer.
    /// </summary>
    public bool PruneRealTimers()
    {
        RealShadow[] pending;
        lock (realGate)
        {
            if (shadows.Count == 0)
            {
                return false;
            }

            pending = [.. shadows.Values.Where(s => s.Timer is { IsScheduled: true, IsGuard: true })];
        }

        var gone = pending.Where(s => !s.IsArmed()).ToList();
        foreach (var shadow in gone)
        {
            Forget(shadow);
            shadow.Timer?.Dispose();
        }

        return gone.Count > 0;
    }

    // Drops a shadow from the census of this run unless the same runtime timer was armed again since (a newer shadow).
    private void Forget(RealShadow shadow)
    {
        lock (realGate)
        {
            if (shadows.TryGetValue(shadow.Identity, out var current) && ReferenceEquals(current, shadow))
            {
                shadows.Remove(shadow.Identity);
            }
        }
    }

    /// <summary>A real timer of the run and its guard on the clock.</summary>
    private sealed class RealShadow(long identity, uint due, RealTimer record, TimeSpan armedAt)
    {
        public TimeSpan ArmedAt { get; } = armedAt;

        public long Identity { get; } = identity;

        public uint Due { get; } = due;

        public VirtualTimer? Timer { get; set; }

        /// <summary>Gets or sets the runtime timer, once found.</summary>
        public object? RuntimeTimer { get; set; }

        /// <summary>Tells whether the runtime timer is still armed as it was seen (not fired, disposed nor re-armed).</summary>
        public bool IsArmed() => (RuntimeTimer ??= RuntimeTimers.Find(Identity, Due)) is { } timer && RuntimeTimers.IsArmed(timer, Due);

        /// <summary>The clock reached the real timer's due time: fire it now, as the runtime would have then.</summary>
        public void Fire()
        {
            (Timer?.Clock)?.Forget(this);
            if ((RuntimeTimer ??= RuntimeTimers.Find(Identity, Due)) is not { } timer || RuntimeTimers.TryTake(timer, Due) is not { } taken)
            {
                return;
            }

            record.FiredOnClock = true;
            taken.Fire();

            // A periodic timer goes on from here: armed again for its period, which the census puts on the clock again.
            RuntimeTimers.Rearm(taken);
        }
    }
}
