using System.Globalization;

namespace Ldfi.Testing;

/// <summary>Bounds and settings of one exploration. Every option is validated by <see cref="FaultExplorer.ExploreAsync"/>.</summary>
public sealed class ExplorationOptions
{
    /// <summary>Gets or sets the largest fault set tried.</summary>
    /// <value>Defaults to 2. Allowed: 1 to 10.</value>
    public int MaxFaults { get; set; } = 2;

    /// <summary>Gets or sets the most distinct fault sets run, the baseline included, before the verdict is <see cref="Verdict.BudgetExhausted"/>.</summary>
    /// <value>Defaults to 1000. Allowed: 1 to 1,000,000.</value>
    public int MaxExperiments { get; set; } = 1000;

    /// <summary>Gets or sets the kinds of fault injected.</summary>
    /// <value>Defaults to <see cref="FaultKind.All"/>. Allowed: any non-empty combination of Error, Status and Delay.</value>
    public FaultKind Faults { get; set; } = FaultKind.All;

    /// <summary>
    /// Gets or sets how long a <see cref="FaultKind.Delay"/> fault holds the response back, unless the caller gives up first.
    /// With <see cref="VirtualTime"/> this is virtual time and costs nothing; a held response that no timer of the run
    /// can end is reported as unguarded at once, without waiting for the hold to end.
    /// </summary>
    /// <value>Defaults to 5 minutes: longer than <c>HttpClient.Timeout</c>'s 100 s and any resilience timeout at its production default. Allowed: 1 ms to 1 day.</value>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets the longest one run may take, in the run's time (virtual with <see cref="VirtualTime"/>); a run whose next
    /// timer is due later fails, naming its fault set and the nearest timeout.
    /// </summary>
    /// <value>Defaults to 10 minutes, far above the standard resilience handler's 30 s total timeout. Allowed: 1 ms to 1 day.</value>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets a value indicating whether each run has its own virtual clock: timers created in the run's flow through an
    /// instrumented service's <see cref="System.TimeProvider"/> (or <see cref="FaultInjection.TimeProvider"/>) fire as soon as the
    /// run can make no other progress, and held responses wait on that clock. See docs/virtual-time.md.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>. With <see langword="false"/>, every wait is real and <see cref="Deadline"/> is real time.</value>
    public bool VirtualTime { get; set; } = true;

    /// <summary>
    /// Gets or sets the real time one run may take before it is stopped, whatever its virtual clock says: the safety net for
    /// waits this tool cannot see (a real timer, real I/O, a busy loop).
    /// </summary>
    /// <value>Defaults to 2 minutes. Allowed: 1 ms to 1 day.</value>
    public TimeSpan RealTimeLimit { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets how long a stopped run (deadline, hang, real-time limit) has to finish its body and tear-down, in real time,
    /// before the exploration ends with <see cref="Verdict.Stuck"/> instead of overlapping the next run.
    /// </summary>
    /// <value>Defaults to 10 seconds. Allowed: 1 ms to 1 day.</value>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets how many experiments run at once against the shared services. Results are folded in the order a
    /// sequential exploration would use, so the verdict, the experiment sequence and the snapshots do not depend on it.
    /// </summary>
    /// <value>Defaults to 4. Allowed: 1 to 64.</value>
    public int Parallelism { get; set; } = 4;

    /// <summary>Gets or sets the seed that breaks ties between equally small fault sets; the same seed gives the same experiment sequence.</summary>
    /// <value>Defaults to 0. Allowed: 0 or more.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets how the next fault set is chosen.</summary>
    /// <value>Defaults to <see cref="ExplorationStrategy.Exact"/>, the only sound and complete strategy.</value>
    public ExplorationStrategy Strategy { get; set; } = ExplorationStrategy.Exact;

    /// <summary>Gets or sets the error status codes tried as <see cref="FaultKind.Status"/> faults where the callee declares none; each code is its own fault value.</summary>
    /// <value>Defaults to 500 and 503. Allowed: one or more codes from 400 to 599.</value>
    public IList<int> StatusCodes { get; set; } = [500, 503];

    /// <summary>
    /// Gets or sets the gRPC status codes tried as <see cref="FaultKind.Status"/> faults on gRPC calls (Grpc.Net.Client through a
    /// <see cref="FaultInjectionHandler"/>), by number as in <c>Grpc.Core.StatusCode</c>; each code is its own fault value, delivered
    /// as a trailers-only gRPC response and reported by name (<c>Status UNAVAILABLE</c>). See docs/grpc.md.
    /// </summary>
    /// <value>Defaults to 14 (<c>UNAVAILABLE</c>) and 13 (<c>INTERNAL</c>). Allowed: one or more codes from 1 to 16.</value>
    public IList<int> GrpcStatusCodes { get; set; } = [GrpcStatusNames.Unavailable, GrpcStatusNames.Internal];

    /// <summary>Gets the status codes to try per callee (by name, case-insensitive), overriding declared and default codes.</summary>
    /// <value>Defaults to empty.</value>
    public IDictionary<string, IReadOnlyList<int>> StatusCodesByCallee { get; } = new Dictionary<string, IReadOnlyList<int>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets a value indicating whether to go on after a confirmed failure and find every minimal failing fault set (snapshot mode).</summary>
    /// <value>Defaults to <see langword="false"/>: stop at the first (smallest) failing set.</value>
    public bool FindAllFailures { get; set; }

    /// <summary>Gets or sets a value indicating whether to run the baseline twice and report a call tree that changed before exploring.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool CheckDeterminism { get; set; } = true;

    /// <summary>Gets the fault sets known to have failed before (a verified snapshot, the last failure), run first.</summary>
    /// <value>Defaults to empty. Each entry lists faults by call-site id and value, as in <see cref="FaultSetDescription"/>.</value>
    public IList<FaultSetDescription> Replay { get; } = [];

    /// <summary>Gets or sets the real time source: durations, <see cref="RealTimeLimit"/>, and every wait when <see cref="VirtualTime"/> is off.</summary>
    /// <value>Defaults to <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets a callback invoked after each run, for progress output.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public Action<ExplorationProgress>? OnProgress { get; set; }

    internal void Validate()
    {
        Range(nameof(MaxFaults), MaxFaults, 1, 10);
        Range(nameof(MaxExperiments), MaxExperiments, 1, 1_000_000);
        Range(nameof(Seed), Seed, 0, int.MaxValue);
        Range(nameof(Parallelism), Parallelism, 1, 64);
        if (Faults == FaultKind.None || (Faults & ~FaultKind.All) != 0)
        {
            throw Invalid(nameof(Faults), Faults, "a non-empty combination of FaultKind.Error, FaultKind.Status and FaultKind.Delay");
        }

        Duration(nameof(Delay), Delay);
        Duration(nameof(Deadline), Deadline);
        Duration(nameof(RealTimeLimit), RealTimeLimit);
        Duration(nameof(StopGracePeriod), StopGracePeriod);
        if (!Enum.IsDefined(Strategy))
        {
            var names = Enum.GetNames<ExplorationStrategy>();
            throw Invalid(nameof(Strategy), Strategy, string.Join(", ", names[..^1]) + " or " + names[^1]);
        }

        Codes(nameof(StatusCodes), StatusCodes);
        if (GrpcStatusCodes is null || GrpcStatusCodes.Count == 0 || GrpcStatusCodes.Any(c => !GrpcStatusNames.IsGrpcError(c)))
        {
            throw Invalid(nameof(GrpcStatusCodes), GrpcStatusCodes is null ? "null" : string.Join(", ", GrpcStatusCodes), "one or more gRPC error codes from 1 (CANCELLED) to 16 (UNAUTHENTICATED)");
        }

        foreach (var (callee, codes) in StatusCodesByCallee)
        {
            Codes($"{nameof(StatusCodesByCallee)}[\"{callee}\"]", codes);
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }

    private static void Range(string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw Invalid(name, value, max == int.MaxValue ? $"{min} or more" : string.Create(CultureInfo.InvariantCulture, $"from {min} to {max:N0}"));
        }
    }

    private static void Duration(string name, TimeSpan value)
    {
        if (value < TimeSpan.FromMilliseconds(1) || value > TimeSpan.FromDays(1))
        {
            throw Invalid(name, value, "from 1 ms to 1 day");
        }
    }

    private static void Codes(string name, IEnumerable<int>? codes)
    {
        if (codes is null || !codes.Any() || codes.Any(c => c is < 400 or > 599))
        {
            throw Invalid(name, codes is null ? "null" : string.Join(", ", codes), "one or more HTTP error codes from 400 to 599");
        }
    }

    private static ArgumentOutOfRangeException Invalid(string name, object value, string allowed) =>
        new($"ExplorationOptions.{name}", value, string.Create(CultureInfo.InvariantCulture, $"ExplorationOptions.{name} must be {allowed}; it was {value}."));
}
