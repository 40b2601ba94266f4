namespace Ldfi.Testing;

/// <summary>
/// The default of every exploration option, in one place: <see cref="ExplorationOptions"/> starts from these values, and
/// so do the adapters' settings and every <c>[FaultTolerant]</c> attribute. What each option means is documented on
/// <see cref="ExplorationOptions"/>.
/// </summary>
public static class ExplorationDefaults
{
    /// <summary>The default of <see cref="ExplorationOptions.MaxFaults"/>: fault sets of up to 2 faults.</summary>
    public const int MaxFaults = 2;

    /// <summary>The default of <see cref="ExplorationOptions.MaxExperiments"/>: 1000 runs.</summary>
    public const int MaxExperiments = 1000;

    /// <summary>The default of <see cref="ExplorationOptions.Faults"/>: every kind of fault.</summary>
    public const FaultKind Faults = FaultKind.All;

    /// <summary>The default of <see cref="ExplorationOptions.Delay"/>, in milliseconds: 300,000 (5 minutes).</summary>
    public const int DelayMilliseconds = 300_000;

    /// <summary>The default of <see cref="ExplorationOptions.Deadline"/>, in milliseconds: 600,000 (10 minutes).</summary>
    public const int DeadlineMilliseconds = 600_000;

    /// <summary>The default of <see cref="ExplorationOptions.VirtualTime"/>: each run has its own virtual clock.</summary>
    public const bool VirtualTime = true;

    /// <summary>The default of <see cref="ExplorationOptions.RealTimeLimit"/>, in milliseconds: 120,000 (2 minutes).</summary>
    public const int RealTimeLimitMilliseconds = 120_000;

    /// <summary>The default of <see cref="ExplorationOptions.StopGracePeriod"/>, in milliseconds: 10,000 (10 seconds).</summary>
    public const int StopGracePeriodMilliseconds = 10_000;

    /// <summary>The default of <see cref="ExplorationOptions.Parallelism"/>: 4 experiments at once.</summary>
    public const int Parallelism = 4;

    /// <summary>The default of <see cref="ExplorationOptions.Seed"/>: 0.</summary>
    public const int Seed = 0;

    /// <summary>The default of <see cref="ExplorationOptions.Strategy"/>: <see cref="ExplorationStrategy.Exact"/>.</summary>
    public const ExplorationStrategy Strategy = ExplorationStrategy.Exact;

    /// <summary>The default of <see cref="ExplorationOptions.FindAllFailures"/>: stop at the first failing fault set.</summary>
    public const bool FindAllFailures = false;

    /// <summary>The default of <see cref="ExplorationOptions.MoreFailuresBudget"/>: 16 more experiments after the first failing set.</summary>
    public const int MoreFailuresBudget = 16;

    /// <summary>The default of <see cref="ExplorationOptions.CheckDeterminism"/>: the baseline runs twice.</summary>
    public const bool CheckDeterminism = true;

    /// <summary>The default of <see cref="ExplorationOptions.CallerErrorStatuses"/>: no caller error is injected.</summary>
    public const CallerErrors CallerErrorStatuses = CallerErrors.None;

    /// <summary>Gets the default of <see cref="ExplorationOptions.StatusCodes"/>: 500 and 503.</summary>
    public static IReadOnlyList<int> StatusCodes { get; } = [500, 503];

    /// <summary>Gets the default of <see cref="ExplorationOptions.GrpcStatusCodes"/>: 14 (<c>UNAVAILABLE</c>) and 13 (<c>INTERNAL</c>).</summary>
    public static IReadOnlyList<int> GrpcStatusCodes { get; } = [GrpcStatusNames.Unavailable, GrpcStatusNames.Internal];
}
