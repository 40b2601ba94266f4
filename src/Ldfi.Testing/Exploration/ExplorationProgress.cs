namespace Ldfi.Testing;

/// <summary>Reported after each run through <see cref="ExplorationOptions.OnProgress"/>.</summary>
/// <param name="Run">The run that just finished.</param>
/// <param name="Experiments">The number of distinct fault sets run so far, the baseline included.</param>
/// <param name="CallSites">The number of call sites observed so far.</param>
public sealed record ExplorationProgress(ExperimentRun Run, int Experiments, int CallSites)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"[ldfi] #{Run.Number} {Run.Kind} {(Run.Planned.IsEmpty ? "no faults" : Run.Planned.ToString())}: " +
        $"{(Run.Passed ? "passed" : "failed")} in {Run.Duration.TotalMilliseconds:0} ms ({CallSites} call sites)" +
        (Run.NotInjected.IsEmpty ? string.Empty : $"; not injected, the call never happened: {Run.NotInjected}");
}
