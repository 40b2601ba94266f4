using System.Globalization;

namespace Ldfi.Testing;

/// <summary>Plain-language pieces shared by the text and Markdown reports.</summary>
internal static class Phrases
{
    public static string Site(CallSite site) =>
        site.Parent is null ? site.ToString() : $"{site} (while serving {site.Parent})";

    public static string Fault(Fault fault, bool hung = false, CallRecord? call = null) => fault.Kind switch
    {
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
        var with = faults.IsEmpty ? "Without any fault" : "With " + Join(faults.Select(f => Fault(f, hung, calls.GetValueOrDefault(f.Site.Id))));
        var reactions = changes.Appeared
            .Where(c => c.Site.Parent is not { } p || !changes.AppearedIds.Contains(p.Id))
            .Select(c => RunComparison.IsRetry(c.Site)
                ? $"the retry called {c.Site.Callee} {c.Site.Operation} again (#{c.Site.Ordinal})"
                : $"{c.Site.Caller} fell back to {c.Site.Callee} {c.Site.Operation}")
            .Concat(changes.Skipped.Select(c => $"{c.Site.Caller} never called {c.Site.Callee} {c.Site.Operation} #{c.Site.Ordinal}"))
            .ToList();
        var middle = reactions.Count == 0 ? string.Empty : ", " + Join(reactions);
        return with + middle + (hung ? Stopped(run, deadline) : run.Passed ? "; the test passed." : $"; then the test failed: {run.Failure?.Message}");
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
