namespace Ldfi.Testing;

/// <summary>
/// Decides whether a re-run confirms a failing run: only when the same faults fired and the test failed the same way
/// (the same exception type and, for a stopped run, the same waiting calls). Anything else is nondeterminism. The
/// confirmation ran alone; the run it confirms did too unless it ran beside others and its lone re-run (the
/// confirmation) made the same calls with the same answers and passed.
/// </summary>
internal static class Confirmation
{
    /// <summary>Returns null when <paramref name="confirm"/> confirms <paramref name="run"/>, else what differed.</summary>
    public static string? Difference(ExperimentRun run, ExperimentRun confirm)
    {
        if (run.Injected.IsEmpty)
        {
            return $"the run under {run.Planned} failed although none of its faults fired: {run.Failure?.Message}";
        }

        if (confirm.Passed)
        {
            return run.BesideOthers
                ? $"the fault set {run.Planned} failed once beside other experiments and passed when re-run alone, with the same calls and the same answers: the test itself behaved differently (state the test body or its fixtures keep between runs, time, randomness); if it keeps state between runs, set Parallelism = 1"
                : $"the fault set {run.Planned} failed once and passed when re-run";
        }

        var differences = new List<string>();
        if (!confirm.Injected.Equals(run.Injected))
        {
            differences.Add($"the faults that fired differ (run #{run.Number}: {run.Injected}; its re-run: {confirm.Injected})");
        }

        if (Kind(run.Failure) != Kind(confirm.Failure))
        {
            differences.Add($"it failed differently (run #{run.Number}: {Phrases.Failure(run.Failure)}; its re-run: {Phrases.Failure(confirm.Failure)})");
        }
        else if (run.Failure is DeadlineExceededException first && confirm.Failure is DeadlineExceededException second && Waiting(first) != Waiting(second))
        {
            differences.Add($"it was stopped waiting on other calls (run #{run.Number}: {Waiting(first)}; its re-run: {Waiting(second)})");
        }

        return differences.Count == 0 ? null : $"the fault set {run.Planned} failed twice, but not the same way: {string.Join("; ", differences)}";
    }

    /// <summary>The kind of a failure: the type the test threw (as the adapter reports it).</summary>
    private static string Kind(Exception? failure) => failure switch
    {
        null => string.Empty,
        DeadlineExceededException d => $"{d.GetType().FullName} unguarded={d.IsUnguarded}",
        _ => FaultToleranceException.TypeNameOf(failure),
    };

    private static string Waiting(DeadlineExceededException failure) =>
        failure.WaitingOn.Count == 0 ? "nothing held" : string.Join(", ", failure.WaitingOn.Select(s => s.Id).Order(StringComparer.Ordinal));
}
