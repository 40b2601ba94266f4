namespace Ldfi.Testing;

/// <summary>
/// The options a <c>[FaultTolerant]</c> attribute exposes, in attribute-friendly types (milliseconds, not
/// <see cref="TimeSpan"/>). The xUnit v2, xUnit v3 and NUnit attributes copy their properties here.
/// </summary>
public sealed class FaultTolerantSettings
{
    /// <summary>Gets or sets the largest fault set tried. <value>Defaults to 2.</value></summary>
    public int MaxFaults { get; set; } = 2;

    /// <summary>Gets or sets the most experiments one test may run. <value>Defaults to 1000.</value></summary>
    public int MaxExperiments { get; set; } = 1000;

    /// <summary>Gets or sets the fault kinds injected. <value>Defaults to <see cref="FaultKind.All"/>.</value></summary>
    public FaultKind Faults { get; set; } = FaultKind.All;

    /// <summary>Gets or sets how long a delayed response is held back, in virtual time. <value>Defaults to 300,000 ms (5 minutes).</value></summary>
    public int DelayMilliseconds { get; set; } = 300_000;

    /// <summary>Gets or sets how long one experiment may run, in virtual time, before it is stopped and failed. <value>Defaults to 600,000 ms (10 minutes).</value></summary>
    public int DeadlineMilliseconds { get; set; } = 600_000;

    /// <summary>Gets or sets a value indicating whether each experiment runs on its own virtual clock. <value>Defaults to true.</value></summary>
    public bool VirtualTime { get; set; } = true;

    /// <summary>Gets or sets how many experiments run at once; results are folded in sequential order. <value>Defaults to 4.</value></summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>Gets or sets the seed that breaks ties between equally small fault sets. <value>Defaults to 0.</value></summary>
    public int Seed { get; set; }

    /// <summary>Gets or sets the search strategy. <value>Defaults to <see cref="ExplorationStrategy.Exact"/>.</value></summary>
    public ExplorationStrategy Strategy { get; set; } = ExplorationStrategy.Exact;

    /// <summary>
    /// Gets or sets a value indicating whether the test finds every minimal failing fault set and compares them with
    /// its verified snapshot instead of failing on the first. <value>Defaults to false.</value>
    /// </summary>
    public bool Snapshot { get; set; }

    /// <summary>
    /// Gets or sets the error statuses tried as <see cref="FaultKind.Status"/> faults where a callee declares none.
    /// <value>Defaults to null: 500 and 503.</value>
    /// </summary>
    public int[]? StatusCodes { get; set; }

    /// <summary>
    /// Gets or sets the error statuses per callee, overriding what the callee declares, as
    /// <c>"payments=500,503; orders=404"</c>. <value>Defaults to null: declared codes, else <see cref="StatusCodes"/>.</value>
    /// </summary>
    public string? StatusCodesByCallee { get; set; }

    /// <summary>
    /// Gets or sets the gRPC status codes (as numbers, 1 to 16) tried as <see cref="FaultKind.Status"/> faults on gRPC calls.
    /// <value>Defaults to null: 14 (UNAVAILABLE) and 13 (INTERNAL).</value>
    /// </summary>
    public int[]? GrpcStatusCodes { get; set; }

    /// <summary>Builds the exploration options these settings describe.</summary>
    /// <returns>New, validated options.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its allowed range; the message names it.</exception>
    public ExplorationOptions ToOptions()
    {
        if (DelayMilliseconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(DelayMilliseconds), DelayMilliseconds, $"[FaultTolerant] DelayMilliseconds must be positive; it was {DelayMilliseconds}.");
        }

        if (DeadlineMilliseconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(DeadlineMilliseconds), DeadlineMilliseconds, $"[FaultTolerant] DeadlineMilliseconds must be positive; it was {DeadlineMilliseconds}.");
        }

        var options = new ExplorationOptions
        {
            MaxFaults = MaxFaults,
            MaxExperiments = MaxExperiments,
            Faults = Faults,
            Delay = TimeSpan.FromMilliseconds(DelayMilliseconds),
            Deadline = TimeSpan.FromMilliseconds(DeadlineMilliseconds),
            Seed = Seed,
            Strategy = Strategy,
            VirtualTime = VirtualTime,
            Parallelism = Parallelism,
            FindAllFailures = Snapshot,
        };
        if (StatusCodes is { } codes)
        {
            options.StatusCodes = [.. codes];
        }

        if (GrpcStatusCodes is { } grpcCodes)
        {
            options.GrpcStatusCodes = [.. grpcCodes];
        }

        foreach (var (callee, calleeCodes) in ParseByCallee(StatusCodesByCallee))
        {
            options.StatusCodesByCallee[callee] = calleeCodes;
        }

        options.Validate();
        return options;
    }

    private static IEnumerable<(string Callee, int[] Codes)> ParseByCallee(string? text)
    {
        foreach (var entry in (text ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', 2, StringSplitOptions.TrimEntries);
            var codes = parts.Length == 2 ? parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            if (parts.Length != 2 || parts[0].Length == 0 || codes.Length == 0 || !codes.All(c => int.TryParse(c, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)))
            {
                throw new ArgumentException($"[FaultTolerant] StatusCodesByCallee must look like \"payments=500,503; orders=404\"; '{entry}' does not.", nameof(text));
            }

            yield return (parts[0], [.. codes.Select(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture))]);
        }
    }
}
