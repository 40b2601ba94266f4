namespace Ldfi.Testing;

/// <summary>Why a run was made.</summary>
public enum RunKind
{
    /// <summary>The first run, without faults.</summary>
    Baseline,

    /// <summary>A second run without faults, to check that the call tree is deterministic.</summary>
    DeterminismCheck,

    /// <summary>A fault set recorded as failing before (a snapshot or the last failure), replayed first.</summary>
    Replay,

    /// <summary>A fault set chosen by the solver.</summary>
    Experiment,

    /// <summary>A re-run of a failing fault set, to confirm the failure before it is reported.</summary>
    Confirmation,
}
