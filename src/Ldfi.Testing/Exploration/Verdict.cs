namespace Ldfi.Testing;

/// <summary>How an exploration ended.</summary>
public enum Verdict
{
    /// <summary>No fault set is left within the bounds: the test is certified tolerant up to <see cref="ExplorationOptions.MaxFaults"/>.</summary>
    Tolerant,

    /// <summary>A fault set breaks the test, confirmed by a re-run; it is the smallest such set.</summary>
    Failed,

    /// <summary>Stopped by <see cref="ExplorationOptions.MaxExperiments"/> before the search ran dry.</summary>
    BudgetExhausted,

    /// <summary>The test fails without any fault: an ordinary failure, nothing was explored.</summary>
    BaselineFailed,

    /// <summary>The same fault set both passed and failed, or the baseline's call tree changed between two runs.</summary>
    Flaky,

    /// <summary>
    /// A stopped run's body (or its tear-down) did not finish within <see cref="ExplorationOptions.StopGracePeriod"/>: the
    /// exploration ended rather than start another run beside it. <see cref="ExplorationResult.Problem"/> says what it was still doing.
    /// </summary>
    Stuck,
}
