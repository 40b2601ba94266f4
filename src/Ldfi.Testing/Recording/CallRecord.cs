namespace Ldfi.Testing;

/// <summary>One call that happened in a run: its call site, what it got and the calls made while serving it.</summary>
public sealed class CallRecord
{
    private readonly List<CallRecord> children = [];
    private readonly Dictionary<string, int> childOrdinals = new(StringComparer.Ordinal);

    internal CallRecord(CallSite site, CallRecord? parent, IReadOnlyList<int> statusCodes)
    {
        Site = site;
        ParentRecord = parent;
        StatusCodes = statusCodes;
    }

    /// <summary>Gets the call site.</summary>
    public CallSite Site { get; }

    /// <summary>Gets what the call got.</summary>
    public CallOutcome Outcome { get; internal set; }

    /// <summary>Gets the injected fault, when <see cref="Outcome"/> is <see cref="CallOutcome.Faulted"/>.</summary>
    public Fault? Fault { get; internal set; }

    /// <summary>Gets a short detail of the outcome, such as <c>HTTP 200</c> or an exception type.</summary>
    public string? Detail { get; internal set; }

    /// <summary>Gets how long a <see cref="FaultKind.Delay"/> fault held the response, in the run's (virtual) time, or null.</summary>
    public TimeSpan? HeldFor { get; internal set; }

    /// <summary>Gets what ended a held response: the caller giving up (with the timer that fired, where known), the hold's own end, or the end of the run.</summary>
    public string? HoldEndedBy { get; internal set; }

    /// <summary>Gets the error status codes this call site can take as <see cref="FaultKind.Status"/> faults (empty when Status does not apply).</summary>
    public IReadOnlyList<int> StatusCodes { get; internal set; }

    /// <summary>Gets the calls made while serving this one, ordered by signature then ordinal (never by completion time).</summary>
    public IReadOnlyList<CallRecord> Children
    {
        get
        {
            lock (children)
            {
                return Order(children);
            }
        }
    }

    internal CallRecord? ParentRecord { get; }

    /// <summary>Gets when, on the run's clock, the caller gave up on this call before its callee answered, or null.</summary>
    internal TimeSpan? GivenUpAt { get; private set; }

    /// <summary>Gets the timer that made the caller give up (see <see cref="GivenUpAt"/>), where known.</summary>
    internal string? GivenUpBy { get; private set; }

    /// <summary>
    /// Finds the first upstream give-up that ended the wait for this call at or after <paramref name="since"/>: the
    /// caller of this call or of one of its ancestors stopped waiting, so nothing this call answers reaches anyone. Of
    /// give-ups at the same instant (one timer's cancellation travelling down the chain) the one furthest up is the cause.
    /// </summary>
    internal CallRecord? GivenUpAbove(TimeSpan since)
    {
        CallRecord? first = null;
        for (var call = this; call is not null; call = call.ParentRecord)
        {
            if (call.GivenUpAt is { } at && at >= since && (first is null || at <= first.GivenUpAt))
            {
                first = call;
            }
        }

        return first;
    }

    internal void GiveUp(TimeSpan at, string? by)
    {
        lock (children)
        {
            if (GivenUpAt is null)
            {
                GivenUpAt = at;
                GivenUpBy = by;
            }
        }
    }

    /// <summary>
    /// Gets a value indicating whether the callee ran in-process and threw (<see cref="BoundaryCall.RunCalleeAsync"/>): a
    /// Delay on such a call holds nothing, its caller gets the exception at once, so the run under that Delay is this run.
    /// </summary>
    internal bool DelayHoldsNothing { get; set; }

    /// <summary>Gets when the call began, as a tick of its run (1, 2, …: one tick per begin or end of any call of the run).</summary>
    internal int Began { get; set; }

    /// <summary>Gets when, on the run's clock, the call began.</summary>
    internal TimeSpan BeganAt { get; init; }

    /// <summary>Gets the timer that fired at the instant the call began (a hedging delay, a back-off), where one did.</summary>
    internal string? BeganAfter { get; init; }

    /// <summary>Gets when the call completed, as a tick of its run; 0 when it never completed (a fault without a callee, a pending call).</summary>
    internal int Ended { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Site}: {Outcome}{(Fault is null ? string.Empty : $" ({Fault.Value})")}";

    internal static CallRecord[] Order(IEnumerable<CallRecord> calls) =>
        [.. calls.OrderBy(c => c.Site.Signature, StringComparer.Ordinal).ThenBy(c => c.Site.Ordinal)];

    internal int NextOrdinal(string signature) => NextOrdinal(childOrdinals, signature);

    internal void AddChild(CallRecord child)
    {
        lock (children)
        {
            children.Add(child);
        }
    }

    internal static int NextOrdinal(Dictionary<string, int> ordinals, string signature)
    {
        var next = ordinals.GetValueOrDefault(signature) + 1;
        ordinals[signature] = next;
        return next;
    }
}
