namespace Ldfi.Testing;

/// <summary>The failure of a run that took longer than <see cref="ExplorationOptions.Deadline"/>.</summary>
public sealed class DeadlineExceededException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="DeadlineExceededException"/> class.</summary>
    public DeadlineExceededException()
        : this("The run exceeded its deadline.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DeadlineExceededException"/> class.</summary>
    /// <param name="message">The message.</param>
    public DeadlineExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DeadlineExceededException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The inner exception.</param>
    public DeadlineExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the call sites that were held by Delay faults, waiting, when the run was stopped.</summary>
    public IReadOnlyList<CallSite> WaitingOn { get; private init; } = [];

    /// <summary>Gets a value indicating whether nothing could ever have ended the wait (no timer of the run was pending).</summary>
    public bool IsUnguarded { get; private init; }

    /// <summary>Gets the nearest timer that could have ended the wait, when it was due after the deadline (for example <c>HttpClient.Timeout (100 s) of client 'coins'</c>).</summary>
    public string? NearestTimeout { get; private init; }

    /// <summary>Gets when, in the run's time, <see cref="NearestTimeout"/> was due (after the deadline), or null.</summary>
    public TimeSpan? NearestTimeoutDue { get; private init; }

    /// <summary>
    /// Gets a value indicating whether the nearest timeout was itself no longer than the deadline but was set after earlier
    /// waits had used up part of it: the delays added up, no single timeout was too long.
    /// </summary>
    public bool WaitsAddedUp { get; private init; }

    /// <summary>Gets a value indicating whether the run was stopped by <see cref="ExplorationOptions.RealTimeLimit"/>, not by its own clock.</summary>
    public bool IsRealTimeLimit { get; private init; }

    private const string Advice = "Give the client a timeout (HttpClient.Timeout, a resilience timeout or a CancellationToken)";

    /// <summary>Held responses that no timer of the run could ever end: reported the moment the run went quiet.</summary>
    internal static DeadlineExceededException Unguarded(FaultSet faults, IReadOnlyList<CallRecord> held)
    {
        var calls = held.Count == 0 ? "the delayed call" : string.Join("; ", held.Select(c => c.Site.ToString()));
        return new DeadlineExceededException(
            $"The run under fault set {faults} can never finish: no timeout guards {calls}. Its response was held back by a Delay fault, " +
            $"everything else waited on it, and no timer of the run was pending to end the wait. {Advice}. " +
            "(Timers written without the service's TimeProvider, such as CancelAfter or Task.Delay, count too; a library's own timers and a client whose outermost handler is not Ldfi.Testing's do not: see docs/virtual-time.md, \"Real timers\".)")
        {
            WaitingOn = [.. held.Select(c => c.Site)],
            IsUnguarded = true,
        };
    }

    internal static DeadlineExceededException For(FaultSet faults, TimeSpan deadline, VirtualTimer? nearest, IReadOnlyList<CallRecord> held)
    {
        var delayed = faults.Where(f => f.Kind == FaultKind.Delay).ToList();
        var waiting = held.Count > 0 ? string.Join("; ", held.Select(c => c.Site.ToString())) : string.Join(", ", delayed.Select(f => f.Site));
        var on = waiting.Length > 0 ? $" (waiting on {waiting})" : string.Empty;

        // A timer no longer than the Deadline that is still due after it was set late: the waits before it added up.
        var due = nearest is null ? (TimeSpan?)null : TimeSpan.FromTicks(nearest.Due);
        var addedUp = nearest is not null && nearest.Interval <= deadline;
        var cause = nearest switch
        {
            null when delayed.Count > 0 => $"nothing timed out within it while {waiting} waited: no timeout shorter than the Deadline guarded {(delayed.Count > 1 ? "them" : "it")}",
            null => "the test hung",
            _ when addedUp => $"the nearest timeout, {nearest.Describe()}, was due at {Phrases.Duration(due!.Value)} into the run, after the Deadline: each wait was within its timeout, but they added up{on}",
            _ => $"the nearest timeout was {nearest.Describe()}, longer than the Deadline{on}",
        };
        return new DeadlineExceededException(
            $"The run exceeded its deadline of {Phrases.Duration(deadline)} under fault set {faults}: {cause}. " +
            (addedUp ? "Shorten the timeouts (or the work) so that they fit the Deadline together, or raise Deadline if the run is legitimately slow."
                : $"{Advice}, or raise Deadline if the run is legitimately slow."))
        {
            WaitingOn = [.. held.Select(c => c.Site)],
            NearestTimeout = nearest?.Describe(),
            NearestTimeoutDue = due,
            WaitsAddedUp = addedUp,
        };
    }

    internal static DeadlineExceededException RealTime(FaultSet faults, TimeSpan limit, TimeSpan virtualNow, string waits) => new(
       
        $"The run under fault set {faults} did not finish within {Phrases.Duration(limit)} of real time (RealTimeLimit); its virtual clock stood at " +
        $"{Phrases.Duration(virtualNow)}. Still: {waits}. Something waits on a real timer or real I/O that the virtual clock cannot see: " +
        "move the wait onto the service's TimeProvider (docs/virtual-time.md), or raise RealTimeLimit.")
    {
        IsRealTimeLimit = true,
    };
}
