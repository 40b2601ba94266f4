namespace Ldfi.Testing;

/// <summary>
/// A real timer an experiment armed: one not created through the service's <see cref="TimeProvider"/> (a
/// <c>CancelAfter</c> on a source made without one, <c>Task.Delay(TimeSpan)</c>, a <see cref="Timer"/>,
/// <c>HttpClient.Timeout</c> of a client made by hand, a Polly v7 policy). The tool sees every one and fires it when the
/// experiment's virtual clock reaches its due time (docs/virtual-time.md, "Real timers"); moving it onto the service's
/// <see cref="TimeProvider"/> makes it visible to production diagnostics and test doubles too.
/// </summary>
public sealed class RealTimer
{
    /// <summary>What <see cref="ArmedIn"/> says of the test's own client's <c>HttpClient.Timeout</c>.</summary>
    internal const string TestsOwnClient = "the test's own client";

    internal RealTimer(string armedBy, string? armedIn, string service, TimeSpan dueTime, TimeSpan? period)
    {
        ArmedBy = armedBy;
        ArmedIn = armedIn;
        Service = service;
        DueTime = dueTime;
        Period = period;
    }

    /// <summary>Gets the API that armed it, as written in code: <c>CancelAfter</c>, <c>Task.Delay</c>, <c>HttpClient.Timeout</c>, and so on.</summary>
    public string ArmedBy { get; }

    /// <summary>Gets the first method of the application's (or test's) own code on the arming stack, <c>Type.Method</c>, or null.</summary>
    public string? ArmedIn { get; }

    /// <summary>Gets the service whose code armed it (the callee of the call being served), or <c>the first service</c>.</summary>
    public string Service { get; }

    /// <summary>Gets the delay it was armed with.</summary>
    public TimeSpan DueTime { get; }

    /// <summary>Gets the period of a periodic timer, or null.</summary>
    public TimeSpan? Period { get; }

    /// <summary>Gets a value indicating whether the experiment's clock reached it and fired it (false: it was disposed first, or fired in real time).</summary>
    public bool FiredOnClock { get; internal set; }

    /// <summary>Gets the advice for it: where to give it the service's <see cref="TimeProvider"/>.</summary>
    public string Fix => ArmedBy switch
    {
        "CancelAfter" or "new CancellationTokenSource(delay)" => "create the CancellationTokenSource with the service's TimeProvider: new CancellationTokenSource(timeout, timeProvider)",
        "Task.Delay" => "pass the service's TimeProvider: Task.Delay(delay, timeProvider, cancellationToken)",
        "Task.WaitAsync" => "pass the service's TimeProvider: task.WaitAsync(timeout, timeProvider)",
        "HttpClient.Timeout" => "let IHttpClientFactory create the client and set Timeout in AddHttpClient(…, c => c.Timeout = …), or use a resilience timeout",
        "System.Threading.Timer" or "PeriodicTimer" => "create it through the service's TimeProvider: timeProvider.CreateTimer(…) or new PeriodicTimer(period, timeProvider)",
        "a Polly v7 policy" => "move the policy to Polly v8 or Microsoft.Extensions.Http.Resilience, which take the service's TimeProvider",
        _ => "create the timer through the service's TimeProvider",
    };

    /// <inheritdoc />
    public override string ToString() =>
        $"{ArmedBy} ({Phrases.Duration(DueTime)}) in {ArmedIn ?? "code outside the application"}, {Service}";
}
