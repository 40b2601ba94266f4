namespace Ldfi.Testing;

/// <summary>What changed in a run's calls against the baseline, by call-site identity.</summary>
internal sealed class RunComparison
{
    public RunComparison(ExperimentRun baseline, ExperimentRun run)
    {
        var before = baseline.AllCalls.Select(c => c.Site.Id).ToHashSet(StringComparer.Ordinal);
        var after = run.AllCalls.Select(c => c.Site.Id).ToHashSet(StringComparer.Ordinal);
        Disappeared = [.. baseline.AllCalls.Where(c => !after.Contains(c.Site.Id))];
        Appeared = [.. run.AllCalls.Where(c => !before.Contains(c.Site.Id))];
        var faulted = run.Injected.Select(f => f.Site.Id).ToHashSet(StringComparer.Ordinal);
        var gone = Disappeared.Select(c => c.Site.Id).ToHashSet(StringComparer.Ordinal);

        // A call whose parent was faulted or is itself gone needs no explanation of its own.
        Skipped = [.. Disappeared.Where(c => c.Site.Parent is not { } p || !(faulted.Contains(p.Id) || gone.Contains(p.Id)))];
    }

    /// <summary>Gets the calls of the baseline that did not happen in the run.</summary>
    public IReadOnlyList<CallRecord> Disappeared { get; }

    /// <summary>Gets the calls of the run that the baseline did not make: retries and fallbacks.</summary>
    public IReadOnlyList<CallRecord> Appeared { get; }

    /// <summary>Gets the disappeared calls not explained by a faulted or disappeared parent.</summary>
    public IReadOnlyList<CallRecord> Skipped { get; }

    /// <summary>Gets the ids of every call site of <see cref="Appeared"/>.</summary>
    public ISet<string> AppearedIds => Appeared.Select(c => c.Site.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>A call with the same signature as an earlier one under the same parent is a retry (docs/design.md, Identity).</summary>
    public static bool IsRetry(CallSite site) => site.Ordinal > 1;

    public static string Role(CallSite site) => IsRetry(site) ? "retry" : "fallback";

    /// <summary>Gets the role of a call of <paramref name="run"/> told by the recorded calls (<see cref="Attempts"/>): a hedged attempt too.</summary>
    public static string Role(ExperimentRun run, CallRecord call) => Attempts.Role(run, call);
}
