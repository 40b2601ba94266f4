namespace Ldfi.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> that is the service's own provider outside an experiment, untouched, and the running
/// experiment's virtual clock inside one: timers created in an experiment's flow (Polly and
/// Microsoft.Extensions.Http.Resilience timeouts and back-offs, <c>Task.Delay(…, TimeProvider)</c>,
/// <see cref="PeriodicTimer"/>, <c>new CancellationTokenSource(TimeSpan, TimeProvider)</c>) fire when the experiment
/// can make no other progress, at once in real time. <c>AddFaultInjection</c> makes every instrumented service's
/// registered <see cref="TimeProvider"/> one of these.
/// </summary>
/// <remarks>
/// Inside an experiment, <see cref="GetUtcNow"/> and <see cref="GetTimestamp"/> read the experiment's clock too, so
/// durations measured by the service are virtual. Timers still pending when the experiment ends go on in real time on
/// <see cref="Inner"/> with the time they had left.
/// </remarks>
public sealed class ExperimentTimeProvider : TimeProvider
{
    /// <summary>Initializes a new instance of the <see cref="ExperimentTimeProvider"/> class.</summary>
    /// <param name="inner">The service's own provider, used outside experiments.</param>
    public ExperimentTimeProvider(TimeProvider inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner is ExperimentTimeProvider nested ? nested.Inner : inner;
    }

    /// <summary>Gets or sets the instrumented service this provider belongs to, which names the timers it sets in reports.</summary>
    internal string? ServiceName { get; init; }

    /// <summary>Gets the provider used outside experiments.</summary>
    public TimeProvider Inner { get; }

    /// <inheritdoc />
    public override long TimestampFrequency => Inner.TimestampFrequency;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => Inner.LocalTimeZone;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Clock() is { } clock ? clock.UtcNow : Inner.GetUtcNow();

    /// <inheritdoc />
    public override long GetTimestamp() => Clock() is { } clock ? clock.GetTimestamp(TimestampFrequency) : Inner.GetTimestamp();

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Ambient.Value is { } frame && frame.Run.Clock.TryCreateTimer(callback, state, dueTime, period, frame.Parent, Inner, SetBy(), Of()) is { } timer
            ? timer
            : Inner.CreateTimer(callback, state, dueTime, period);
    }

    private string? SetBy() => ServiceName is { } service
        ? ClientTimeoutHandler.ClientOf(service) is { Length: > 0 } client ? $"{service} for client '{client}'" : service
        : null;

    // Who owns the timer, for a timer named by its kind (TimerKinds): "orders' client 'payments'", or the service alone.
    private (string Kind, string Of)? Of()
    {
        if (!VirtualClock.IsLabelled && ServiceName is { } service && TimerKinds.OfCurrentStack() is { } kind)
        {
            return (kind, ClientTimeoutHandler.ClientOf(service) is { Length: > 0 } client ? $"{Phrases.Possessive(service)} client '{client}'" : service);
        }

        return null;
    }

    private static VirtualClock? Clock() => Ambient.Value is { Run.Clock: { Enabled: true } clock } ? clock : null;
}
