#if LDFI_NUNIT
namespace Ldfi.Testing.NUnit;
#elif LDFI_XUNITV3
namespace Ldfi.Testing.XunitV3;
#else
namespace Ldfi.Testing.Xunit;
#endif

// Compiled into every adapter, so the three [FaultTolerant] attributes offer the same options with the same docs.
public sealed partial class FaultTolerantAttribute
{
    internal FaultTolerantSettings Settings { get; } = new();

    /// <summary>Gets or sets the largest fault set tried. <value>Defaults to 2.</value></summary>
    public int MaxFaults { get => Settings.MaxFaults; set => Settings.MaxFaults = value; }

    /// <summary>Gets or sets the most experiments the test may run. <value>Defaults to 1000.</value></summary>
    public int MaxExperiments { get => Settings.MaxExperiments; set => Settings.MaxExperiments = value; }

    /// <summary>Gets or sets the fault kinds injected. <value>Defaults to <see cref="FaultKind.All"/>.</value></summary>
    public FaultKind Faults { get => Settings.Faults; set => Settings.Faults = value; }

    /// <summary>Gets or sets how long a delayed response is held back, in the experiment's virtual time. <value>Defaults to 300,000 ms (5 minutes).</value></summary>
    public int DelayMilliseconds { get => Settings.DelayMilliseconds; set => Settings.DelayMilliseconds = value; }

    /// <summary>Gets or sets how long one experiment may run, in its virtual time, before it is stopped and failed. <value>Defaults to 600,000 ms (10 minutes).</value></summary>
    public int DeadlineMilliseconds { get => Settings.DeadlineMilliseconds; set => Settings.DeadlineMilliseconds = value; }

    /// <summary>
    /// Gets or sets a value indicating whether each experiment runs on its own virtual clock, so timeouts and back-offs cost no
    /// real time (see docs/virtual-time.md). <value>Defaults to true.</value>
    /// </summary>
    public bool VirtualTime { get => Settings.VirtualTime; set => Settings.VirtualTime = value; }

    /// <summary>
    /// Gets or sets how many experiments run at once against the shared services; results are folded in sequential order, so
    /// verdicts and snapshots do not depend on it. Set 1 when test runs share state they cannot keep apart. <value>Defaults to 4.</value>
    /// </summary>
    public int Parallelism { get => Settings.Parallelism; set => Settings.Parallelism = value; }

    /// <summary>Gets or sets the seed that breaks ties between equally small fault sets. <value>Defaults to 0.</value></summary>
    public int Seed { get => Settings.Seed; set => Settings.Seed = value; }

    /// <summary>Gets or sets the search strategy. <value>Defaults to <see cref="ExplorationStrategy.Exact"/>.</value></summary>
    public ExplorationStrategy Strategy { get => Settings.Strategy; set => Settings.Strategy = value; }

    /// <summary>
    /// Gets or sets a value indicating whether every minimal failing fault set is found and compared with
    /// <c>{Class}.{Method}.verified.txt</c> beside the test's source. <value>Defaults to false.</value>
    /// </summary>
    public bool Snapshot { get => Settings.Snapshot; set => Settings.Snapshot = value; }

    /// <summary>
    /// Gets or sets the error statuses tried as <c>Status</c> faults where a callee declares none.
    /// <value>Defaults to null: 500 and 503.</value>
    /// </summary>
    public int[]? StatusCodes { get => Settings.StatusCodes; set => Settings.StatusCodes = value; }

    /// <summary>
    /// Gets or sets the error statuses per callee, overriding what it declares, as <c>"payments=500,503; orders=404"</c>.
    /// <value>Defaults to null: declared codes, else <see cref="StatusCodes"/>.</value>
    /// </summary>
    public string? StatusCodesByCallee { get => Settings.StatusCodesByCallee; set => Settings.StatusCodesByCallee = value; }

    /// <summary>
    /// Gets or sets the gRPC status codes (numbers as in <c>Grpc.Core.StatusCode</c>) tried as <c>Status</c> faults on gRPC calls.
    /// <value>Defaults to null: 14 (UNAVAILABLE) and 13 (INTERNAL).</value>
    /// </summary>
    public int[]? GrpcStatusCodes { get => Settings.GrpcStatusCodes; set => Settings.GrpcStatusCodes = value; }
}
