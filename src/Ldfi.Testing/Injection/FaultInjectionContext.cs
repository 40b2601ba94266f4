namespace Ldfi.Testing;

/// <summary>The running experiment as seen from inside a test body: see <see cref="FaultInjection.Current"/>.</summary>
public sealed class FaultInjectionContext
{
    private readonly RunContext run;

    internal FaultInjectionContext(RunContext run) => this.run = run;

    /// <summary>
    /// Gets the experiment number: 0 for the baseline. A run started ahead of the sequential order (<see cref="ExplorationOptions.Parallelism"/>)
    /// sees the number it gets if the order reaches it next; the report numbers runs in the order their results were used.
    /// </summary>
    public int Experiment => run.Run.Number;

    /// <summary>Gets why this run was made.</summary>
    public RunKind Kind => run.Run.Kind;

    /// <summary>Gets the fault set planned for this run.</summary>
    public FaultSet Planned => run.Run.Planned;

    /// <summary>
    /// Gets a token cancelled when the run is stopped (its deadline, a hang, the real-time limit): pass it to long waits
    /// of the test body that the framework's own token does not reach, so the run ends before the next one starts.
    /// </summary>
    public CancellationToken Stopping => run.Stopping;

    /// <summary>Gets the time on the run's virtual clock (<see cref="ExplorationOptions.VirtualTime"/>).</summary>
    public TimeSpan Now => run.Clock.Now;

    /// <summary>Gets the faults that fired so far in this run.</summary>
    public IReadOnlyList<Fault> Injected => run.InjectedSoFar();

    /// <summary>Gets a value indicating whether a fault fired so far, at any call site or at calls to <paramref name="callee"/>.</summary>
    /// <param name="callee">The callee name (case-insensitive), or <see langword="null"/> for any.</param>
    /// <returns><see langword="true"/> when a matching fault fired.</returns>
    public bool WasInjected(string? callee = null) =>
        Injected.Any(f => callee is null || string.Equals(f.Callee, callee, StringComparison.OrdinalIgnoreCase));
}
