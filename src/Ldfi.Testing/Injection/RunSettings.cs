using System.Collections.Concurrent;

namespace Ldfi.Testing;

/// <summary>The parts of <see cref="ExplorationOptions"/> that boundaries need while a run is live.</summary>
internal sealed class RunSettings(ExplorationOptions options)
{
    private readonly int[] defaultCodes = [.. options.StatusCodes.Distinct().Order()];
    private readonly CallerErrors callerErrors = options.CallerErrorStatuses;
    private readonly Dictionary<string, int[]> byCallee = options.StatusCodesByCallee.ToDictionary(
        p => p.Key, p => p.Value.Distinct().Order().ToArray(), StringComparer.OrdinalIgnoreCase);

    // Codes a callee declared for an operation when it served it in this exploration: exact for that service instance,
    // where the process-wide hint by service name can belong to another test's service of the same name.
    private readonly ConcurrentDictionary<string, IReadOnlyList<int>> served = new(StringComparer.Ordinal);

    /// <summary>
    /// The gRPC status codes of every gRPC call site: <see cref="ExplorationOptions.GrpcStatusCodes"/> and the codes of
    /// the opted-in <see cref="ExplorationOptions.CallerErrorStatuses"/> classes.
    /// </summary>
    public IReadOnlyList<int> GrpcStatusCodes { get; } = [.. options.GrpcStatusCodes.Concat(StatusClasses.GrpcCodes(options.CallerErrorStatuses)).Distinct().Order()];

    public TimeSpan Delay { get; } = options.Delay;

    public TimeProvider TimeProvider { get; } = options.TimeProvider;

    public bool VirtualTime { get; } = options.VirtualTime;

    /// <summary>
    /// Null declared codes mean "unknown": the defaults apply. Empty means Status does not apply (an interface).
    /// Codes the callee itself declared when it served the operation come first, then the declared hint, each added to
    /// the defaults without the caller-error classes not opted in (<see cref="StatusClasses"/>); a test's own codes for
    /// the callee override both.
    /// </summary>
    public IReadOnlyList<int> StatusCodesFor(string callee, string operation, IReadOnlyList<int>? declared) =>
        declared is { Count: 0 } ? [] : byCallee.GetValueOrDefault(callee) ?? served.GetValueOrDefault(callee + " " + operation) ?? WithDeclared(declared);

    /// <summary>
    /// Records the codes the callee of <paramref name="call"/> declares for it, seen while it served the call; null when
    /// it declares none for the route, which means the defaults.
    /// </summary>
    public void Served(CallRecord call, IReadOnlyList<int>? declared)
    {
        if (call.StatusCodes.Count == 0 || byCallee.ContainsKey(call.Site.Callee))
        {
            return;
        }

        var codes = WithDeclared(declared);
        served[call.Site.Callee + " " + call.Site.Operation] = codes;
        call.StatusCodes = codes;
    }

    private int[] WithDeclared(IReadOnlyList<int>? declared) =>
        declared is { Count: > 0 } ? StatusClasses.Http(defaultCodes, declared, callerErrors) : defaultCodes;
}
