using Ldfi.Testing.Sdk;

#if LDFI_NUNIT
namespace Ldfi.Testing.NUnit;
#elif LDFI_XUNITV3
namespace Ldfi.Testing.XunitV3;
#else
namespace Ldfi.Testing.Xunit;
#endif

// Compiled into every adapter, so the three [FaultTolerant] attributes offer the same options. Their defaults live in
// ExplorationDefaults, their docs on ExplorationOptions (or FaultTolerantSettings, where the unit differs), their
// validation in ExplorationOptions.Validate.
public sealed partial class FaultTolerantAttribute
{
    internal FaultTolerantSettings Settings { get; } = new();

    /// <inheritdoc cref="ExplorationOptions.MaxFaults"/>
    public int MaxFaults { get => Settings.MaxFaults; set => Settings.MaxFaults = value; }

    /// <inheritdoc cref="ExplorationOptions.MaxExperiments"/>
    public int MaxExperiments { get => Settings.MaxExperiments; set => Settings.MaxExperiments = value; }

    /// <inheritdoc cref="ExplorationOptions.Faults"/>
    public FaultKind Faults { get => Settings.Faults; set => Settings.Faults = value; }

    /// <inheritdoc cref="FaultTolerantSettings.DelayMilliseconds"/>
    public int DelayMilliseconds { get => Settings.DelayMilliseconds; set => Settings.DelayMilliseconds = value; }

    /// <inheritdoc cref="FaultTolerantSettings.DeadlineMilliseconds"/>
    public int DeadlineMilliseconds { get => Settings.DeadlineMilliseconds; set => Settings.DeadlineMilliseconds = value; }

    /// <inheritdoc cref="ExplorationOptions.VirtualTime"/>
    public bool VirtualTime { get => Settings.VirtualTime; set => Settings.VirtualTime = value; }

    /// <inheritdoc cref="ExplorationOptions.Parallelism"/>
    public int Parallelism { get => Settings.Parallelism; set => Settings.Parallelism = value; }

    /// <inheritdoc cref="ExplorationOptions.Seed"/>
    public int Seed { get => Settings.Seed; set => Settings.Seed = value; }

    /// <inheritdoc cref="ExplorationOptions.Strategy"/>
    public ExplorationStrategy Strategy { get => Settings.Strategy; set => Settings.Strategy = value; }

    /// <inheritdoc cref="FaultTolerantSettings.Snapshot"/>
    public bool Snapshot { get => Settings.Snapshot; set => Settings.Snapshot = value; }

    /// <inheritdoc cref="FaultTolerantSettings.StatusCodes"/>
    public int[]? StatusCodes { get => Settings.StatusCodes; set => Settings.StatusCodes = value; }

    /// <inheritdoc cref="ExplorationOptions.MoreFailuresBudget"/>
    public int MoreFailuresBudget { get => Settings.MoreFailuresBudget; set => Settings.MoreFailuresBudget = value; }

    /// <inheritdoc cref="ExplorationOptions.CallerErrorStatuses"/>
    public CallerErrors CallerErrorStatuses { get => Settings.CallerErrorStatuses; set => Settings.CallerErrorStatuses = value; }

    /// <inheritdoc cref="FaultTolerantSettings.StatusCodesByCallee"/>
    public string? StatusCodesByCallee { get => Settings.StatusCodesByCallee; set => Settings.StatusCodesByCallee = value; }

    /// <inheritdoc cref="FaultTolerantSettings.GrpcStatusCodes"/>
    public int[]? GrpcStatusCodes { get => Settings.GrpcStatusCodes; set => Settings.GrpcStatusCodes = value; }
}
