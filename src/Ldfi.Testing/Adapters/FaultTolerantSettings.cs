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

    /// <summary>Gets or sets how long a delayed response is held back. <value>Defaults to 30,000 ms.</value></summary>
    public int DelayMilliseconds { get; set; } = 30_000;

    /// <summary>Gets or sets how long one experiment may run before it is stopped and failed. <value>Defaults to 10,000 ms.</value></summary>
    public int DeadlineMilliseconds { get; set; } = 10_000;

    /// <summary>Gets or sets the seed that breaks ties between equally small fault sets. <value>Defaults to 0.</value></summary>
    public int Seed { get; set; }

    /// <summary>Gets or sets the search strategy. <value>Defaults to <see cref="ExplorationStrategy.Exact"/>.</value></summary>
    public ExplorationStrategy Strategy { get; set; } = ExplorationStrategy.Exact;

    /// <summary>
    /// Gets or sets a value indicating whether the test finds every minimal failing fault set and compares them with
    /// its verified snapshot instead of failing on the first. <value>Defaults to false.</value>
    /// </summary>
    public bool Snapshot { get; set; }

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
            FindAllFailures = Snapshot,
        };
        options.Validate();
        return options;
    }
}
