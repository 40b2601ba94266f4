namespace Ldfi.Testing;

/// <summary>One execution of the test body under a fault set, as recorded.</summary>
public sealed class ExperimentRun
{
    internal ExperimentRun(int number, RunKind kind, FaultSet planned)
    {
        Number = number;
        Kind = kind;
        Planned = planned;
    }

    /// <summary>Gets the experiment number: 0 for the baseline; a confirmation has the number of the run it confirms.</summary>
    public int Number { get; internal set; }

    /// <summary>Gets why the run was made.</summary>
    public RunKind Kind { get; internal set; }

    /// <summary>Gets the fault set planned for the run.</summary>
    public FaultSet Planned { get; }

    /// <summary>Gets the planned faults that fired (the effective fault set).</summary>
    public FaultSet Injected { get; internal set; } = FaultSet.Empty;

    /// <summary>Gets the planned faults whose call never happened in this run.</summary>
    public FaultSet NotInjected { get; internal set; } = FaultSet.Empty;

    /// <summary>Gets the calls the test made directly, each with the calls made while serving it.</summary>
    public IReadOnlyList<CallRecord> Calls { get; internal set; } = [];

    /// <summary>Gets every call of the run, depth-first in <see cref="Calls"/> order.</summary>
    public IReadOnlyList<CallRecord> AllCalls { get; internal set; } = [];

    /// <summary>Gets a value indicating whether the test passed.</summary>
    public bool Passed => Failure is null;

    /// <summary>Gets the exception the test failed with, or <see langword="null"/> when it passed.</summary>
    public Exception? Failure { get; internal set; }

    /// <summary>Gets a value indicating whether the run was stopped by <see cref="ExplorationOptions.Deadline"/>.</summary>
    public bool DeadlineExceeded { get; internal set; }

    /// <summary>Gets how much time passed on the run's virtual clock (<see cref="ExplorationOptions.VirtualTime"/>).</summary>
    public TimeSpan VirtualDuration { get; internal set; }

    /// <summary>
    /// Gets, for a stopped run whose body did not finish within <see cref="ExplorationOptions.StopGracePeriod"/>, what it was
    /// still doing; null when the run ended cleanly.
    /// </summary>
    public string? StillRunning { get; internal set; }

    /// <summary>
    /// Gets the real timers the run armed (timers not created through the service's <see cref="TimeProvider"/>), each
    /// fired when the run's virtual clock reached it; empty when <see cref="ExplorationOptions.VirtualTime"/> is off.
    /// </summary>
    public IReadOnlyList<RealTimer> RealTimers { get; internal set; } = [];

    /// <summary>Gets a value indicating whether another run of the exploration was running at some moment of this one.</summary>
    internal bool BesideOthers { get; set; }

    /// <summary>Gets how long the run took in real time.</summary>
    public TimeSpan Duration { get; internal set; }

    /// <summary>
    /// Gets a canonical text of the run's behaviour: every call with what it got, and the outcome.
    /// Two runs with the same behaviour text behaved identically.
    /// </summary>
    public string Behaviour => string.Join("\n", AllCalls.Select(c => c.Site.Id + " " + c.Outcome + " " + c.Fault?.Value))
        + "\n=> " + (Passed ? "passed" : "failed");

    /// <inheritdoc />
    public override string ToString() => $"#{Number} {Kind} {Planned}: {(Passed ? "passed" : "failed")}";
}
