namespace Ldfi.Testing;

/// <summary>How the next fault set is chosen from what the passing runs showed.</summary>
public enum ExplorationStrategy
{
    /// <summary>
    /// Sound and complete: one clause per passing run ("undo one of its faults, or fault one of the calls it
    /// made without a fault"), so every fault set not yet covered by a passing run is tried. The default.
    /// </summary>
    Exact,

    /// <summary>
    /// Every later fault set must hit every support seen so far (the Netflix deployment of LDFI). Far fewer
    /// experiments, but unsound: it can miss bugs whose path only exists without an earlier fault.
    /// </summary>
    MergedSupports,

    /// <summary>Every fault set within the bound over the call sites seen, smallest first. For comparison only.</summary>
    Exhaustive,
}
