namespace Ldfi.Testing;

/// <summary>
/// Decides whether a run that ran beside other experiments behaved as a lone run would, from what the passing runs so
/// far showed (docs/design.md, "Parallel experiments"). The prediction: a deterministic system under the planned fault
/// set behaves exactly as a passing run R until the first call whose fault differs between the plan and R's faults.
/// So every call of R that began before that call must happen again, every one that ended before it must get the same
/// answer, and every planned fault must fire. R is the passing run whose fired faults are a subset of the plan that
/// agrees with it the longest (the baseline at worst), looked up by subset: a plan has at most MaxFaults faults. A run
/// that fails the prediction is re-run alone; a run that meets it counts as it is.
/// </summary>
internal static class LoneRun
{
    /// <summary>Returns null when <paramref name="run"/> behaved as predicted, else what did not.</summary>
    /// <param name="run">A run that ran beside others.</param>
    /// <param name="passing">The passing runs counted so far, the first for each set of fired faults, by that set's key.</param>
    public static string? Unexpected(ExperimentRun run, IReadOnlyDictionary<string, ExperimentRun> passing)
    {
        if (!run.NotInjected.IsEmpty)
        {
            return $"planned faults did not fire: {run.NotInjected}";
        }

        var plan = run.Planned.ToDictionary(f => f.Site.Id, f => f.Value, StringComparer.Ordinal);
        ExperimentRun? basis = null;
        var until = 0;
        var longest = -1;
        foreach (var candidate in Subsets(run.Planned).Select(s => passing.GetValueOrDefault(s.Key)).OfType<ExperimentRun>())
        {
            var differs = int.MaxValue;
            foreach (var call in candidate.AllCalls)
            {
                if (!string.Equals(plan.GetValueOrDefault(call.Site.Id), call.Fault?.Value, StringComparison.Ordinal))
                {
                    differs = Math.Min(differs, call.Began);
                }
            }

            var agreed = candidate.AllCalls.Count(c => c.Began < differs);
            if (agreed > longest)
            {
                (basis, until, longest) = (candidate, differs, agreed);
            }
        }

        if (basis is null)
        {
            return null;
        }

        var calls = ById(run);
        foreach (var expected in basis.AllCalls.Where(c => c.Began < until))
        {
            if (!calls.TryGetValue(expected.Site.Id, out var actual))
            {
                return $"{expected.Site} did not happen (it did in run #{basis.Number}, before any fault the plan changes)";
            }

            if (expected.Ended != 0 && expected.Ended < until && Answer(actual) != Answer(expected))
            {
                return $"{expected.Site} answered {Answer(actual)} (in run #{basis.Number}, before any fault the plan changes: {Answer(expected)})";
            }
        }

        return null;
    }

    /// <summary>What a call got, as the reports say it: the fault, or the outcome and its detail (<c>Succeeded 200</c>).</summary>
    public static string Answer(CallRecord call) =>
        call.Fault is { } fault ? fault.Value : call.Detail is null ? call.Outcome.ToString() : $"{call.Outcome} {call.Detail}";

    /// <summary>Every subset of a plan, the empty one first (a plan has at most MaxFaults, 10, faults).</summary>
    private static IEnumerable<FaultSet> Subsets(FaultSet planned)
    {
        for (var mask = 0; mask < 1 << planned.Count; mask++)
        {
            yield return mask == 0 ? FaultSet.Empty : new FaultSet(planned.Where((_, i) => (mask & (1 << i)) != 0));
        }
    }

    public static Dictionary<string, CallRecord> ById(ExperimentRun run)
    {
        var calls = new Dictionary<string, CallRecord>(StringComparer.Ordinal);
        foreach (var call in run.AllCalls)
        {
            calls.TryAdd(call.Site.Id, call);
        }

        return calls;
    }
}
