namespace Ldfi.Testing.Sdk;

/// <summary>
/// The options a <c>[FaultTolerant]</c> attribute exposes, in attribute-friendly types (milliseconds, not
/// <see cref="TimeSpan"/>). Each attribute forwards its properties here; defaults come from <see cref="ExplorationDefaults"/>,
/// meanings and validation from <see cref="ExplorationOptions"/>.
/// </summary>
public sealed class FaultTolerantSettings
{
    /// <inheritdoc cref="ExplorationOptions.MaxFaults"/>
    public int MaxFaults { get; set; } = ExplorationDefaults.MaxFaults;

    /// <inheritdoc cref="ExplorationOptions.MaxExperiments"/>
    public int MaxExperiments { get; set; } = ExplorationDefaults.MaxExperiments;

    /// <inheritdoc cref="ExplorationOptions.Faults"/>
    public FaultKind Faults { get; set; } = ExplorationDefaults.Faults;

    /// <summary>Gets or sets <see cref="ExplorationOptions.Delay"/>, in milliseconds.</summary>
    /// <value>Defaults to <see cref="ExplorationDefaults.DelayMilliseconds"/> (5 minutes). Allowed: 1 ms to 1 day.</value>
    public int DelayMilliseconds { get; set; } = ExplorationDefaults.DelayMilliseconds;

    /// <summary>Gets or sets <see cref="ExplorationOptions.Deadline"/>, in milliseconds.</summary>
    /// <value>Defaults to <see cref="ExplorationDefaults.DeadlineMilliseconds"/> (10 minutes). Allowed: 1 ms to 1 day.</value>
    public int DeadlineMilliseconds { get; set; } = ExplorationDefaults.DeadlineMilliseconds;

    /// <inheritdoc cref="ExplorationOptions.VirtualTime"/>
    public bool VirtualTime { get; set; } = ExplorationDefaults.VirtualTime;

    /// <inheritdoc cref="ExplorationOptions.Parallelism"/>
    public int Parallelism { get; set; } = ExplorationDefaults.Parallelism;

    /// <inheritdoc cref="ExplorationOptions.Seed"/>
    public int Seed { get; set; } = ExplorationDefaults.Seed;

    /// <inheritdoc cref="ExplorationOptions.Strategy"/>
    public ExplorationStrategy Strategy { get; set; } = ExplorationDefaults.Strategy;

    /// <summary>
    /// Gets or sets a value indicating whether the test finds every minimal failing fault set
    /// (<see cref="ExplorationOptions.FindAllFailures"/>) and compares them with <c>{Class}.{Method}.verified.txt</c>
    /// beside its source, instead of failing on the first.
    /// </summary>
    /// <value>Defaults to <see cref="ExplorationDefaults.FindAllFailures"/> (false).</value>
    public bool Snapshot { get; set; } = ExplorationDefaults.FindAllFailures;

    /// <summary>Gets or sets <see cref="ExplorationOptions.StatusCodes"/>, or null for its default.</summary>
    /// <value>Defaults to null: <see cref="ExplorationDefaults.StatusCodes"/> (500 and 503).</value>
    public int[]? StatusCodes { get; set; }

    /// <inheritdoc cref="ExplorationOptions.MoreFailuresBudget"/>
    public int MoreFailuresBudget { get; set; } = ExplorationDefaults.MoreFailuresBudget;

    /// <inheritdoc cref="ExplorationOptions.CallerErrorStatuses"/>
    public CallerErrors CallerErrorStatuses { get; set; } = ExplorationDefaults.CallerErrorStatuses;

    /// <summary>
    /// Gets or sets <see cref="ExplorationOptions.StatusCodesByCallee"/> as text, <c>"payments=500,503; orders=404"</c>:
    /// the error statuses per callee, overriding what the callee declares.
    /// </summary>
    /// <value>Defaults to null: <see cref="StatusCodes"/> and the declared codes a correct caller can meet.</value>
    public string? StatusCodesByCallee { get; set; }

    /// <summary>Gets or sets <see cref="ExplorationOptions.GrpcStatusCodes"/> (numbers as in <c>Grpc.Core.StatusCode</c>), or null for its default.</summary>
    /// <value>Defaults to null: <see cref="ExplorationDefaults.GrpcStatusCodes"/> (14 UNAVAILABLE and 13 INTERNAL).</value>
    public int[]? GrpcStatusCodes { get; set; }

    /// <summary>Builds the exploration options these settings describe.</summary>
    /// <returns>New options, validated as <see cref="ExplorationOptions"/> validates itself.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its allowed range; the message names it as the attribute does.</exception>
    /// <exception cref="ArgumentException"><see cref="StatusCodesByCallee"/> is malformed.</exception>
    public ExplorationOptions ToOptions()
    {
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
            CallerErrorStatuses = CallerErrorStatuses,
            MoreFailuresBudget = MoreFailuresBudget,
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

        options.Validate(OptionNames.Attribute);
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
