namespace Ldfi.Testing;

/// <summary>
/// The boundary primitive every adapter goes through (the HTTP handler, interface proxies, user code),
/// and the running experiment as seen from a test body.
/// </summary>
public static class FaultInjection
{
    /// <summary>The request header that carries the experiment id across services.</summary>
    public const string ExperimentHeader = "Ldfi-Experiment";

    /// <summary>The request header that carries the call identity across services, so the callee's calls get the right parent.</summary>
    public const string CallHeader = "Ldfi-Call";

    /// <summary>
    /// Gets a <see cref="System.TimeProvider"/> on <see cref="System.TimeProvider.System"/> that is the running experiment's virtual
    /// clock inside an experiment (see <see cref="ExperimentTimeProvider"/>): for resilience pipelines and timers built by hand,
    /// outside dependency injection. Services instrumented with <c>AddFaultInjection</c> get one as their registered provider.
    /// </summary>
    public static TimeProvider TimeProvider { get; } = new ExperimentTimeProvider(System.TimeProvider.System);

    /// <summary>
    /// Gets the running experiment, or <see langword="null"/> outside an exploration.
    /// Inside a test body it tells which faults fired so far, so the test can assert graceful degradation.
    /// </summary>
    public static FaultInjectionContext? Current => Ambient.Value is { } frame ? new FaultInjectionContext(frame.Run) : null;

    /// <summary>
    /// Starts a call across a boundary: records it in the running experiment under the current parent call
    /// and says which fault, if any, is planned for it. Returns <see langword="null"/> when no experiment is
    /// running, in which case the caller must pass the call through untouched.
    /// </summary>
    /// <param name="caller">The service making the call.</param>
    /// <param name="callee">The service or boundary called (an HTTP host name or a boundary name).</param>
    /// <param name="operation">The operation; it is normalised with <see cref="OperationNormalizer"/>.</param>
    /// <param name="statusCodes">
    /// The error status codes the callee declares for this operation; <see langword="null"/> when unknown
    /// (the defaults of <see cref="ExplorationOptions.StatusCodes"/> apply), empty when
    /// <see cref="FaultKind.Status"/> does not apply to this boundary.
    /// </param>
    /// <returns>The call, or <see langword="null"/> outside an experiment.</returns>
    public static BoundaryCall? BeginCall(string caller, string callee, string operation, IReadOnlyList<int>? statusCodes = null) =>
        BeginVariantCall(caller, callee, operation, statusCodes, variant: null);

    /// <summary>
    /// Starts a call whose operation may name different requests alike (SQL statements named <c>SELECT orders</c>):
    /// <paramref name="variant"/>, a stable fingerprint of the request, is appended to the operation (<c>SELECT orders ~3fa1</c>)
    /// unless this variant owns the plain name under its parent (see <see cref="RunSettings.Distinguish"/>).
    /// </summary>
    internal static BoundaryCall? BeginVariantCall(string caller, string callee, string operation, IReadOnlyList<int>? statusCodes, string? variant)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caller);
        ArgumentException.ThrowIfNullOrWhiteSpace(callee);
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        if (Ambient.Value is not { } frame)
        {
            return null;
        }

        var begun = frame.Run.Begin(frame.Parent, caller, callee, OperationNormalizer.Normalize(operation), statusCodes, variant: variant);
        return begun is { } b ? new BoundaryCall(frame.Run, b.Record, b.Fault) : null;
    }

    /// <summary>
    /// Starts a call whose Status values are exactly <paramref name="statusCodes"/>, neither filtered nor added to the
    /// defaults (the simulated systems of the engine's tests and benchmark: "one Status code per call").
    /// </summary>
    internal static BoundaryCall? BeginCallWithExactCodes(string caller, string callee, string operation, IReadOnlyList<int> statusCodes)
    {
        if (Ambient.Value is not { } frame)
        {
            return null;
        }

        var begun = frame.Run.Begin(frame.Parent, caller, callee, OperationNormalizer.Normalize(operation), statusCodes, exactCodes: true);
        return begun is { } b ? new BoundaryCall(frame.Run, b.Record, b.Fault) : null;
    }

    /// <summary>
    /// Starts a gRPC call (<c>package.Service/Method</c>, not normalised: gRPC names are fixed): its Status values are
    /// <see cref="ExplorationOptions.GrpcStatusCodes"/>.
    /// </summary>
    internal static BoundaryCall? BeginGrpcCall(string caller, string callee, string operation)
    {
        if (Ambient.Value is not { } frame)
        {
            return null;
        }

        var begun = frame.Run.Begin(frame.Parent, caller, callee, operation, frame.Run.Settings.GrpcStatusCodes, exactCodes: true);
        return begun is { } b ? new BoundaryCall(frame.Run, b.Record, b.Fault) : null;
    }

    /// <summary>
    /// Restores the experiment and parent call carried by an incoming request (the values of
    /// <see cref="ExperimentHeader"/> and <see cref="CallHeader"/>), so calls made while serving it are
    /// attributed to the right experiment and parent. Unknown or missing values restore nothing.
    /// </summary>
    /// <param name="experimentId">The experiment id header value.</param>
    /// <param name="callId">The call identity header value.</param>
    /// <returns>A scope to dispose when the request has been served.</returns>
    public static IDisposable Restore(string? experimentId, string? callId) => Restore(experimentId, callId, service: null);

    /// <summary>Restores an incoming request's experiment in the service named <paramref name="service"/>.</summary>
    internal static IDisposable Restore(string? experimentId, string? callId, string? service)
    {
        if (experimentId is null || RunContext.Find(experimentId) is not { } run)
        {
            return NoScope.Instance;
        }

        return Ambient.Enter(run, callId is null ? null : run.FindCall(callId), service);
    }

    private sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();

        public void Dispose()
        {
        }
    }
}
