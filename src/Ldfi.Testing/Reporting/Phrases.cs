using System.Globalization;

namespace Ldfi.Testing;

/// <summary>Plain-language pieces shared by the text and Markdown reports.</summary>
internal static class Phrases
{
    public static string Site(CallSite site) =>
        site.Parent is null ? site.ToString() : $"{site} (while serving {site.Parent})";

    public static string Fault(Fault fault, bool hung = false) => fault.Kind switch
    {
        FaultKind.Delay when hung => $"{fault.Site} delayed",
        FaultKind.Delay => $"{fault.Site} delayed past the caller's timeout",
        FaultKind.Status => $"{fault.Site} answering {fault.StatusCode}",
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

    public static string Milliseconds(TimeSpan span) =>
        span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>The one-paragraph account of a failing run: the faults, what the system did about them, the result.</summary>
    public static string Narrative(ExperimentRun run, RunComparison changes, TimeSpan deadline)
    {
        var faults = run.Injected.IsEmpty ? run.Planned : run.Injected;
        var hung = run.DeadlineExceeded;
        var with = faults.IsEmpty ? "Without any fault" : "With " + Join(faults.Select(f => Fault(f, hung)));
        var reactions = changes.Appeared
            .Where(c => c.Site.Parent is not { } p || !changes.AppearedIds.Contains(p.Id))
            .Select(c => RunComparison.IsRetry(c.Site)
                ? $"the retry called {c.Site.Callee} {c.Site.Operation} again (#{c.Site.Ordinal})"
                : $"{c.Site.Caller} fell back to {c.Site.Callee} {c.Site.Operation}")
            .Concat(changes.Skipped.Select(c => $"{c.Site.Caller} never called {c.Site.Callee} {c.Site.Operation} #{c.Site.Ordinal}"))
            .ToList();
        var middle = reactions.Count == 0 ? string.Empty : ", " + Join(reactions);
        var end = hung
            ? $"; nothing timed out, so the run hung until its {Milliseconds(deadline)} deadline" +
                (faults.Any(f => f.Kind == FaultKind.Delay) ? ": no timeout guarded the delayed call." : ".")
            : run.Passed ? "; the test passed." : $"; then the test failed: {run.Failure?.Message}";
        return with + middle + end;
    }

    private static string Join(IEnumerable<string> parts)
    {
        var list = parts.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1];
    }
}
