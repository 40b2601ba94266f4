using System.Globalization;

namespace Ldfi.Testing;

/// <summary>Plain-language pieces shared by the text and Markdown reports.</summary>
internal static class Phrases
{
    public static string Site(CallSite site) =>
        site.Parent is null ? site.ToString() : $"{site} (while serving {site.Parent})";

    public static string Fault(Fault fault, bool hung = false, CallRecord? call = null, CallRecord? hedgedBy = null) => fault.Kind switch
    {
        // Cancelled by its caller once a hedged attempt answered: no timer gave up on it.
        FaultKind.Delay when hedgedBy is not null && call is { HeldFor: { } held, HoldEndedBy: "the caller gave up" } =>
            $"{fault.Site} delayed (held {Duration(held)}, until {fault.Site.Caller} cancelled it)",
        FaultKind.Delay when call is { HeldFor: { } held, HoldEndedBy: { } by } && !by.StartsWith("the end of the run", StringComparison.Ordinal) =>
            $"{fault.Site} delayed {Duration(held)} until {by}",
        FaultKind.Delay when hung => $"{fault.Site} delayed",
        FaultKind.Delay => $"{fault.Site} delayed past the caller's timeout",
        FaultKind.Status => $"{fault.Site} answering {fault.StatusText}",
        _ => $"{fault.Site} failing with a transport error",
    };

    public static string Outcome(CallRecord call) => call.Outcome switch
    {
        CallOutcome.Faulted when call.Fault is { Kind: FaultKind.Delay } => "⚡ Delay injected (the callee ran; its response was held back)",
        CallOutcome.Faulted => $"⚡ {call.Fault?.Value} injected",
        CallOutcome.Failed => "failed" + (call.Detail is { } d ? $": {d}" : string.Empty),
        CallOutcome.Pending => "pending (no answer when the run ended)",
        _ => "ok" + (call.Detail is { } ok ? $" ({ok})" : string.Empty),
    };

    /// <summary>A service's name in the possessive: <c>front's</c>, <c>orders'</c>.</summary>
    public static string Possessive(string name) => name.EndsWith('s') ? name + "'" : name + "'s";

    /// <summary>A hardening pattern in words (<see cref="HardeningAdvice"/>).</summary>
    public static string Pattern(HardeningPattern pattern) => pattern switch
    {
        HardeningPattern.RetriedNonIdempotentCall => "a retried non-idempotent call",
        HardeningPattern.HedgedNonIdempotentCall => "a hedged non-idempotent call",
        HardeningPattern.UnguardedCall => "an unguarded call (no timeout)",
        HardeningPattern.RequiredCallWithoutFallback => "a required call with no fallback",
        _ => "no known pattern",
    };

    public static string Kinds(FaultKind kinds) =>
        string.Join(", ", new[] { FaultKind.Error, FaultKind.Status, FaultKind.Delay }.Where(k => kinds.HasFlag(k)));

    public static string Failure(Exception? failure) =>
        failure is null ? "(no failure)" : $"{FaultToleranceException.TypeNameOf(failure)}: {failure.Message.Trim()}";

    public static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");

    /// <summary>A duration as people write it: <c>250 ms</c>, <c>10 s</c>, <c>1.5 min</c>.</summary>
    public static string Duration(TimeSpan span) => span switch
    {
        { TotalSeconds: < 1 } => Milliseconds(span),
        { TotalMinutes: < 2 } => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s",
        { TotalHours: < 2 } => span.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture) + " min",
        _ => span.TotalHours.ToString("0.##", CultureInfo.InvariantCulture) + " h",
    };

    public static string Milliseconds(TimeSpan span) =>
        span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>The one-paragraph account of a failing run: the faults, what the system did about them, the result.</summary>
    public static string Narrative(ExperimentRun run, RunComparison changes, TimeSpan deadline)
    {
        var faults = run.Injected.IsEmpty ? run.Planned : run.Injected;
        var hung = run.DeadlineExceeded;
        var calls = run.AllCalls.Where(c => c.Fault is not null).ToDictionary(c => c.Site.Id, StringComparer.Ordinal);
        var appeared = changes.Appeared.Where(c => c.Site.Parent is not { } p || !changes.AppearedIds.Contains(p.Id)).ToList();
        var hedgedBy = appeared.Where(c => Attempts.Kind(run, c) == AttemptKind.Hedged && Attempts.Previous(run, c) is not null)
            .GroupBy(c => Attempts.Previous(run, c)!.Site.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var with = faults.IsEmpty ? "Without any fault" : "With " + Join(faults.Select(f => Fault(f, hung, calls.GetValueOrDefault(f.Site.Id), hedgedBy.GetValueOrDefault(f.Site.Id))));
        var reactions = appeared
            .Select(c => Reaction(run, c))
            .Concat(changes.Skipped.Select(c => $"{c.Site.Caller} never called {c.Site.Callee} {c.Site.Operation} #{c.Site.Ordinal}"))
            .ToList();
        var middle = reactions.Count == 0 ? string.Empty : ", " + Join(reactions);
        return with + middle + (hung ? Stopped(run, deadline) : run.Passed ? "; the test passed." : $"; then the test failed: {run.Failure?.Message}");
    }

    /// <summary>
    /// What the system did that the baseline did not, by its mechanism: a hedged attempt (a parallel attempt begun while
    /// the previous one was held or in flight, after the timer that fired then, and whose answer was used), a retry (after
    /// the previous attempt ended, after its back-off), a fallback (another call).
    /// </summary>
    private static string Reaction(ExperimentRun run, CallRecord call)
    {
        var site = call.Site;
        var previous = Attempts.Previous(run, call);
        switch (Attempts.Kind(run, call))
        {
            case AttemptKind.Hedged when previous is not null:
                var after = call.BeganAfter is { } timer ? $"after {timer}" : $"{Duration(call.BeganAt - previous.BeganAt)} after #{previous.Site.Ordinal} began";
                var state = previous.Fault is { Kind: FaultKind.Delay } ? "held" : "in flight";
                var used = Attempts.Used(previous, call) is { } winner
                    ? $"; {site.Caller} used #{winner.Site.Ordinal}'s answer" + (winner == call ? $" and cancelled #{previous.Site.Ordinal}" : string.Empty)
                    : string.Empty;
                var both = Attempts.Reached(previous) && Attempts.Reached(call) ? $"; {site.Callee} processed both attempts" : string.Empty;
                return $"{site.Caller} sent a hedged attempt {after}, while #{previous.Site.Ordinal} was still {state}: {site.Callee} {site.Operation} #{site.Ordinal}{(call is { Outcome: CallOutcome.Succeeded or CallOutcome.Failed, Detail: { } answer } ? $", answered {answer}" : string.Empty)}{used}{both}";
            case AttemptKind.Retry:
                return $"the retry called {site.Callee} {site.Operation} again (#{site.Ordinal}){(call.BeganAfter is { } backOff ? $" after {backOff}" : string.Empty)}";
            default:
                return $"{site.Caller} fell back to {site.Callee} {site.Operation}";
        }
    }

    /// <summary>Why a stopped run was stopped, truthfully: nothing could end the wait, or the nearest timeout was too far.</summary>
    private static string Stopped(ExperimentRun run, TimeSpan deadline)
    {
        var added = run.AllCalls.Where(c => c.HeldFor is { } h && h > TimeSpan.Zero).ToList();
        var sum = added.Count > 1
            ? $" The delays added up: {Join(added.Select(c => $"{c.Site} held {Duration(c.HeldFor!.Value)}"))}."
            : string.Empty;
        return run.Failure switch
        {
            DeadlineExceededException { IsUnguarded: true } d =>
                $"; then nothing could ever end the wait: no timeout guards {Join(d.WaitingOn.Select(s => s.ToString()))}, so the run was stopped at once.{sum}",
            DeadlineExceededException { NearestTimeout: { } nearest, WaitsAddedUp: true, NearestTimeoutDue: { } due } =>
                $"; the run reached its {Duration(deadline)} deadline first: the nearest timeout, {nearest}, was due at {Duration(due)} into the run, after the Deadline, though no longer than it.{sum}",
            DeadlineExceededException { NearestTimeout: { } nearest } =>
                $"; the run reached its {Duration(deadline)} deadline first: the nearest timeout was {nearest}, longer than the Deadline.{sum}",
            DeadlineExceededException { IsRealTimeLimit: true } d => $"; the run did not finish in real time: {d.Message}{sum}",
            _ => $"; nothing timed out within the run's {Duration(deadline)} deadline" +
                (run.Planned.Any(f => f.Kind == FaultKind.Delay) ? ": no timeout shorter than the Deadline guarded the delayed call." : ".") + sum,
        };
    }

    private static string Join(IEnumerable<string> parts)
    {
        var list = parts.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1];
    }
}
