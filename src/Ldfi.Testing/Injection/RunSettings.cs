namespace Ldfi.Testing;

/// <summary>The parts of <see cref="ExplorationOptions"/> that boundaries need while a run is live.</summary>
internal sealed class RunSettings(ExplorationOptions options)
{
    private readonly int[] defaultCodes = [.. options.StatusCodes.Distinct().Order()];
    private readonly Dictionary<string, int[]> byCallee = options.StatusCodesByCallee.ToDictionary(
        p => p.Key, p => p.Value.Distinct().Order().ToArray(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The gRPC status codes of every gRPC call site (<see cref="ExplorationOptions.GrpcStatusCodes"/>).</summary>
    public IReadOnlyList<int> GrpcStatusCodes { get; } = [.. options.GrpcStatusCodes.Distinct().Order()];

    public TimeSpan Delay { get; } = options.Delay;

    public TimeProvider TimeProvider { get; } = options.TimeProvider;

    public bool VirtualTime { get; } = options.VirtualTime;

    /// <summary>
    /// Null declared codes mean "unknown": the defaults apply. Empty means Status does not apply (an interface).
    /// Declared codes (endpoint metadata) apply unless the test overrode the callee's codes.
    /// </summary>
    public IReadOnlyList<int> StatusCodesFor(string callee, IReadOnlyList<int>? declared) =>
        declared is { Count: 0 } ? [] : byCallee.GetValueOrDefault(callee) ?? declared ?? defaultCodes;
}
