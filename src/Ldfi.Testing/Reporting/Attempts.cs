namespace Ldfi.Testing;

/// <summary>What a call that repeats an earlier one's signature was, told by the recorded calls (docs/design.md, Identity).</summary>
internal enum AttemptKind
{
    /// <summary>The first call of its signature under its parent: a fallback when it is new.</summary>
    First,

    /// <summary>Began after the previous attempt had ended for its caller: a retry.</summary>
    Retry,

    /// <summary>Began while the previous attempt was still held or in flight: a hedged (parallel) attempt.</summary>
    Hedged,
}

/// <summary>
/// Tells retries, hedged attempts and fallbacks apart from a run's calls alone, never from names: a call with ordinal
/// n &gt; 1 repeats call n − 1 of the same signature under the same parent; it is a hedged attempt when it began while
/// n − 1 was still in flight (held by a Delay, or running: no end tick yet, or a later one, and its caller had not
/// given up on it before, its hold not ended), and a retry when n − 1 had ended (an Error or Status fault ends a call at
/// once; a held call ends when its hold does).
/// </summary>
internal static class Attempts
{
    /// <summary>Gets the attempt before <paramref name="call"/> in <paramref name="run"/>, or null for a first call.</summary>
    public static CallRecord? Previous(ExperimentRun run, CallRecord call) => call.Site.Ordinal <= 1 ? null
        : run.AllCalls.FirstOrDefault(c => c.Site.Ordinal == call.Site.Ordinal - 1
            && string.Equals(c.Site.Signature, call.Site.Signature, StringComparison.Ordinal)
            && string.Equals(c.Site.Parent?.Id, call.Site.Parent?.Id, StringComparison.Ordinal));

    /// <summary>Gets what <paramref name="call"/> was in <paramref name="run"/>.</summary>
    public static AttemptKind Kind(ExperimentRun? run, CallRecord call)
    {
        if (call.Site.Ordinal <= 1)
        {
            return AttemptKind.First;
        }

        return run is not null && Previous(run, call) is { } previous && Overlapped(previous, call) ? AttemptKind.Hedged : AttemptKind.Retry;
    }

    /// <summary>Gets the role of a call that appeared under faults, for reports: <c>retry</c>, <c>hedged attempt</c> or <c>fallback</c>.</summary>
    public static string Role(ExperimentRun? run, CallRecord call) => Kind(run, call) switch
    {
        AttemptKind.Hedged => "hedged attempt",
        AttemptKind.Retry => "retry",
        _ => "fallback",
    };

    /// <summary>Gets whether the callee ran the call: it answered, or a Delay held its answer (Error and Status never reach it).</summary>
    public static bool Reached(CallRecord call) => call.Fault is { Kind: FaultKind.Delay } || call.Outcome == CallOutcome.Succeeded
        || (call.Outcome == CallOutcome.Failed && call.Detail is { Length: 3 } code && code.All(char.IsAsciiDigit));

    /// <summary>
    /// Gets which of two overlapping attempts' answers the caller used: the one that answered and was not given up on;
    /// null when neither or both.
    /// </summary>
    public static CallRecord? Used(CallRecord first, CallRecord second)
    {
        bool Answered(CallRecord c) => c.GivenUpAt is null && c.Outcome is CallOutcome.Succeeded or CallOutcome.Failed && c.Fault is null;
        return (Answered(first), Answered(second)) switch
        {
            (true, false) => first,
            (false, true) => second,
            _ => null,
        };
    }

    private static bool Overlapped(CallRecord previous, CallRecord call)
    {
        if (previous.Fault is { Kind: FaultKind.Error or FaultKind.Status })
        {
            return false;
        }

        var stillRunning = previous.Ended == 0 || previous.Ended > call.Began;
        var givenUpBefore = previous.GivenUpAt is { } at && at < call.BeganAt;

        // A held call's hold ended, for its caller, HeldFor after it began: before the next attempt began, or at that
        // very instant by a timer of the caller's (an attempt timeout and a back-off of zero).
        var heldEnd = previous.HeldFor is { } held ? previous.BeganAt + held : (TimeSpan?)null;
        var holdEndedBefore = heldEnd < call.BeganAt
            || (heldEnd == call.BeganAt && previous.HoldEndedBy?.StartsWith("the caller gave up (", StringComparison.Ordinal) == true);
        return stillRunning && !givenUpBefore && !holdEndedBefore;
    }
}
