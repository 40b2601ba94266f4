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

    // Which variant of a name owns it plainly under a parent: the first the baseline saw there (docs/design.md, "Identity
    // of a call across runs"). Written by the baseline only, so every later run names every variant alike.
    private readonly ConcurrentDictionary<string, string> owners = new(StringComparer.Ordinal);

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

    /// <summary>
    /// The operation of a call that can name different requests alike: plain when <paramref name="variant"/> owns it under
    /// its parent, else with the variant appended (<c>SELECT orders ~3fa1</c>). The owner is the first variant the baseline
    /// made under that parent (<paramref name="claim"/>); a name the baseline never made under that parent has no owner and
    /// every variant of it is suffixed. So a name is a function of the parent, the request and the baseline, the same in
    /// every run of the exploration whatever faults or order came before; and a name used by one statement only keeps its
    /// plain form.
    /// </summary>
    public string Distinguish(string? parent, string caller, string callee, string operation, string variant, bool claim)
    {
        var key = $"{parent}{CallSite.Separator}{caller}>{callee} {operation}";
        var owner = claim ? owners.GetOrAdd(key, variant) : owners.GetValueOrDefault(key);
        return string.Equals(owner, variant, StringComparison.Ordinal) ? operation : $"{operation} ~{variant}";
    }

    private int[] WithDeclared(IReadOnlyList<int>? declared) =>
        declared is { Count: > 0 } ? StatusClasses.Http(defaultCodes, declared, callerErrors) : defaultCodes;
}
