namespace Ldfi.Testing;

/// <summary>Bounds and settings of one exploration. Every option is validated by <see cref="FaultExplorer.ExploreAsync"/>.</summary>
public sealed partial class ExplorationOptions
{
    /// <summary>Gets or sets the largest fault set tried.</summary>
    /// <value>Defaults to 2. Allowed: 1 to 10.</value>
    public int MaxFaults { get; set; } = ExplorationDefaults.MaxFaults;

    /// <summary>Gets or sets the most distinct fault sets run, the baseline included, before the verdict is <see cref="Verdict.BudgetExhausted"/>.</summary>
    /// <value>Defaults to 1000. Allowed: 1 to 1,000,000.</value>
    public int MaxExperiments { get; set; } = ExplorationDefaults.MaxExperiments;

    /// <summary>Gets or sets the kinds of fault injected.</summary>
    /// <value>Defaults to <see cref="FaultKind.All"/>. Allowed: any non-empty combination of Error, Status and Delay.</value>
    public FaultKind Faults { get; set; } = ExplorationDefaults.Faults;

    /// <summary>
    /// Gets or sets how long a <see cref="FaultKind.Delay"/> fault holds the response back, unless the caller gives up first.
    /// With <see cref="VirtualTime"/> this is virtual time and costs nothing; a held response that no timer of the run
    /// can end is reported as unguarded at once, without waiting for the hold to end.
    /// </summary>
    /// <value>Defaults to 5 minutes: longer than <c>HttpClient.Timeout</c>'s 100 s and any resilience timeout at its production default. Allowed: 1 ms to 1 day.</value>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(ExplorationDefaults.DelayMilliseconds);

    /// <summary>
    /// Gets or sets the longest one run may take, in the run's time (virtual with <see cref="VirtualTime"/>); a run whose next
    /// timer is due later fails, naming its fault set and the nearest timeout.
    /// </summary>
    /// <value>Defaults to 10 minutes, far above the standard resilience handler's 30 s total timeout. Allowed: 1 ms to 1 day.</value>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromMilliseconds(ExplorationDefaults.DeadlineMilliseconds);

    /// <summary>
    /// Gets or sets a value indicating whether each run has its own virtual clock: timers created in the run's flow through an
    /// instrumented service's <see cref="System.TimeProvider"/> (or <see cref="FaultInjection.TimeProvider"/>) fire as soon as the
    /// run can make no other progress, and held responses wait on that clock. See docs/virtual-time.md.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>. With <see langword="false"/>, every wait is real and <see cref="Deadline"/> is real time.</value>
    public bool VirtualTime { get; set; } = ExplorationDefaults.VirtualTime;

    /// <summary>
    /// Gets or sets the real time one run may take before it is stopped, whatever its virtual clock says: the safety net for
    /// waits this tool cannot see (a real timer, real I/O, a busy loop).
    /// </summary>
    /// <value>Defaults to 2 minutes. Allowed: 1 ms to 1 day.</value>
    public TimeSpan RealTimeLimit { get; set; } = TimeSpan.FromMilliseconds(ExplorationDefaults.RealTimeLimitMilliseconds);

    /// <summary>
    /// Gets or sets how long a stopped run (deadline, hang, real-time limit) has to finish its body and tear-down, in real time,
    /// before the exploration ends with <see cref="Verdict.Stuck"/> instead of overlapping the next run.
    /// </summary>
    /// <value>Defaults to 10 seconds. Allowed: 1 ms to 1 day.</value>
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromMilliseconds(ExplorationDefaults.StopGracePeriodMilliseconds);

    /// <summary>
    /// Gets or sets how many experiments run at once against the shared services. Results are folded in the order a
    /// sequential exploration would use, and a run that ran beside others counts only if it behaved as a lone run would
    /// (every planned fault fired; the calls the passing runs predict happened, with the same answers; the test passed),
    /// else it is re-run alone and the lone run counts. When the two differ the runs share state (a stub server reset by
    /// a tear-down, a database), and the rest of the exploration runs one experiment at a time
    /// (<see cref="ExplorationResult.ParallelismFallback"/>). So the verdict, the experiment sequence, the faults that
    /// fired and the snapshots do not depend on it. Set 1 to skip the parallel attempt when runs share state.
    /// </summary>
    /// <value>Defaults to 4. Allowed: 1 to 64.</value>
    public int Parallelism { get; set; } = ExplorationDefaults.Parallelism;

    /// <summary>Gets or sets the seed that breaks ties between equally small fault sets; the same seed gives the same experiment sequence.</summary>
    /// <value>Defaults to 0. Allowed: 0 or more.</value>
    public int Seed { get; set; } = ExplorationDefaults.Seed;

    /// <summary>Gets or sets how the next fault set is chosen.</summary>
    /// <value>Defaults to <see cref="ExplorationStrategy.Exact"/>, the only sound and complete strategy.</value>
    public ExplorationStrategy Strategy { get; set; } = ExplorationDefaults.Strategy;

    /// <summary>
    /// Gets or sets the error status codes tried as <see cref="FaultKind.Status"/> faults on every HTTP call site; each code
    /// is its own fault value. The callee's declared error responses (ASP.NET Core endpoint metadata such as
    /// <c>.Produces(404)</c>, or <c>FaultProxyOptions.StatusCodes</c>) are tried too, except those that mean the caller's
    /// own request is wrong or unauthorised (see <see cref="CallerErrorStatuses"/>).
    /// </summary>
    /// <value>Defaults to 500 and 503. Allowed: one or more codes from 400 to 599.</value>
    public IList<int> StatusCodes { get; set; } = [.. ExplorationDefaults.StatusCodes];

    /// <summary>
    /// Gets or sets the classes of caller error also injected as <see cref="FaultKind.Status"/> faults. By default a
    /// callee's declared codes that mean the caller's own request is wrong or unauthorised (400, 401, 403, 405, 406, 411,
    /// 413 to 415, 422, 431) are not tried, because a correct caller never meets them; every other declared code (5xx,
    /// 404, 408, 409, 410, 412, 423, 429, 402, …) depends on the server or the state of the world and is tried. An
    /// opted-in class adds its declared HTTP codes, and its gRPC code (<c>INVALID_ARGUMENT</c>, <c>UNAUTHENTICATED</c>,
    /// <c>PERMISSION_DENIED</c>) to every gRPC call site. Codes set in <see cref="StatusCodes"/>,
    /// <see cref="GrpcStatusCodes"/> or <see cref="StatusCodesByCallee"/> are always tried as they are.
    /// </summary>
    /// <value>Defaults to <see cref="CallerErrors.None"/>. Allowed: any combination of <see cref="CallerErrors"/>' classes.</value>
    public CallerErrors CallerErrorStatuses { get; set; } = ExplorationDefaults.CallerErrorStatuses;

    /// <summary>
    /// Gets or sets the gRPC status codes tried as <see cref="FaultKind.Status"/> faults on gRPC calls (Grpc.Net.Client through a
    /// <see cref="FaultInjectionHandler"/>), by number as in <c>Grpc.Core.StatusCode</c>; each code is its own fault value, delivered
    /// as a trailers-only gRPC response and reported by name (<c>Status UNAVAILABLE</c>). See docs/grpc.md.
    /// </summary>
    /// <value>Defaults to 14 (<c>UNAVAILABLE</c>) and 13 (<c>INTERNAL</c>). Allowed: one or more codes from 1 to 16.</value>
    public IList<int> GrpcStatusCodes { get; set; } = [.. ExplorationDefaults.GrpcStatusCodes];

    /// <summary>Gets the status codes to try per callee (by name, case-insensitive), overriding declared and default codes, whatever their class.</summary>
    /// <value>Defaults to empty.</value>
    public IDictionary<string, IReadOnlyList<int>> StatusCodesByCallee { get; } = new Dictionary<string, IReadOnlyList<int>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets a value indicating whether to go on after a confirmed failure and find every minimal failing fault set (snapshot mode), within <see cref="MaxExperiments"/> only.</summary>
    /// <value>Defaults to <see langword="false"/>: look for more for <see cref="MoreFailuresBudget"/> experiments after the first.</value>
    public bool FindAllFailures { get; set; } = ExplorationDefaults.FindAllFailures;

    /// <summary>
    /// Gets or sets how many more experiments, after the first confirmed failing fault set, look for the other minimal
    /// failing sets within <see cref="MaxFaults"/> (without <see cref="FindAllFailures"/>). When the search runs dry within
    /// them, <see cref="ExplorationResult.AllFailuresFound"/> is true and the summary says every minimal failing set was
    /// found; otherwise it says how many were found and that there may be more. A set that fails only once (its re-run
    /// passes) ends this search without changing the verdict.
    /// </summary>
    /// <value>Defaults to 16. Allowed: 0 (stop at the first failing set) to 1,000,000.</value>
    public int MoreFailuresBudget { get; set; } = ExplorationDefaults.MoreFailuresBudget;

    /// <summary>Gets or sets a value indicating whether to run the baseline twice and report a call tree that changed before exploring.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool CheckDeterminism { get; set; } = ExplorationDefaults.CheckDeterminism;

    /// <summary>Gets the fault sets known to have failed before (a verified snapshot, the last failure), run first.</summary>
    /// <value>Defaults to empty. Each entry lists faults by call-site id and value, as in <see cref="FaultSetDescription"/>.</value>
    public IList<FaultSetDescription> Replay { get; } = [];

    /// <summary>Gets or sets the real time source: durations, <see cref="RealTimeLimit"/>, and every wait when <see cref="VirtualTime"/> is off.</summary>
    /// <value>Defaults to <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets a callback invoked after each run, for progress output.</summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public Action<ExplorationProgress>? OnProgress { get; set; }
}
