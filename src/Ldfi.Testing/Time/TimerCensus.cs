using System.Diagnostics;
using System.Diagnostics.Tracing;

namespace Ldfi.Testing;

/// <summary>
/// Sees every real timer an experiment arms. The runtime reports each arming of one of its timers (a
/// <c>CancelAfter</c>, <c>Task.Delay(TimeSpan)</c>, <see cref="Timer"/>, <c>HttpClient.Timeout</c>, <c>TimeProvider.System</c>)
/// through <c>FrameworkEventSource</c>'s ThreadTransfer event (id 150, kind 1: the timer's identity, its due time and
/// period in milliseconds), synchronously on the arming thread, so the experiment it belongs to is the one in that
/// thread's context. Each becomes a timer on the experiment's clock (<see cref="VirtualClock.AdoptRealTimer"/>).
/// </summary>
/// <remarks>
/// The event is raised under the runtime timer queue's lock: the handler takes no lock that is held while a timer is
/// created, and never touches a runtime timer. Timers armed with the flow of the execution context suppressed
/// (infrastructure: connection pools, the test host) are not the experiment's; the tool's own timers are armed outside
/// experiments.
/// </remarks>
internal sealed class TimerCensus : EventListener
{
    private const string SourceName = "System.Diagnostics.Eventing.FrameworkEventSource";
    private const int ThreadTransferSend = 150;
    private const int TimerKind = 1;
    private static readonly Lazy<TimerCensus?> Instance = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    private static volatile bool enabled;
    private static volatile bool paused;
    private static long seen;
    private static long adopted;

    /// <summary>Gets a value indicating whether real timers are seen: the event source is on and the runtime's timers reachable.</summary>
    public static bool Active => Instance.Value is not null && enabled;

    /// <summary>Starts the census (once per process); returns whether it runs.</summary>
    public static bool Start() => Active;

    /// <summary>Gets how many timer armings the census was told of, and how many it put on a clock (for the benchmark).</summary>
    internal static (long Seen, long Adopted) Counts => (Interlocked.Read(ref seen), Interlocked.Read(ref adopted));

    /// <summary>
    /// Makes the census ignore the events it receives, or take them again (for the benchmark's before/after only: while
    /// paused, real timers are not put on any clock). The events keep coming, so their cost stays in both measurements.
    /// </summary>
    internal static void Pause(bool pause) => paused = pause;

    /// <summary>Gets a value indicating whether the census was started in this process (for the benchmark).</summary>
    internal static bool Started => Instance.IsValueCreated;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == SourceName)
        {
            EnableEvents(eventSource, EventLevel.Informational, (EventKeywords)0x10);
            enabled = true;
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        Interlocked.Increment(ref seen);
        if (paused || eventData.EventId != ThreadTransferSend || Ambient.Value is not { Run.Clock: { Enabled: true } clock } frame
            || ExecutionContext.IsFlowSuppressed() || eventData.Payload is not { Count: >= 6 } payload
            || payload[1] is not TimerKind || payload[0] is not long identity || payload[4] is not int due || payload[5] is not int period || due <= 0)
        {
            return;
        }

        // Only a timer the application's own code armed (directly, or through Polly) guards what the clock sees: a
        // library's timer (a database driver's command timeout, a socket's) guards real I/O the clock cannot see, and
        // firing it early would fail that I/O. HttpClient.Timeout is taken by the handler below it (HttpClientTimeout).
        if (WhereArmed(new StackTrace(2, fNeedFileInfo: false)) is { ByApplication: true, Api: not "HttpClient.Timeout" } armed)
        {
            Interlocked.Increment(ref adopted);
            clock.AdoptRealTimer(identity, (uint)due, period <= 0 ? null : (uint)period, frame.Parent, frame.Service, armed.Api, armed.ArmedIn);
        }
    }

    private static TimerCensus? Create()
    {
        if (AppContext.TryGetSwitch("System.Diagnostics.Tracing.EventSource.IsSupported", out var supported) && !supported || !RuntimeTimers.Available)
        {
            return null;
        }

        try
        {
            return new TimerCensus();
        }
#pragma warning disable CA1031 // A runtime without in-process event listeners has no census: real timers stay real.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    /// <summary>
    /// Where a timer was armed, from the arming thread's stack: the API (named the way a user writes it), the first
    /// method of the application's own code, and whether that code called the timer API itself (through the runtime,
    /// <c>HttpClient</c> or Polly only) rather than through another library.
    /// </summary>
    internal static (string Api, string? ArmedIn, bool ByApplication) WhereArmed(StackTrace stack)
    {
        string? api = null;
        var throughLibrary = false;
        foreach (var frame in stack.GetFrames())
        {
            if (frame.GetMethod() is not { DeclaringType: { } type } method)
            {
                continue;
            }

            var owner = StateMachineOwner(type);
            if (IsLibrary(owner))
            {
                api = ApiName(owner, method.Name) ?? api;
                throughLibrary |= !IsTimerApi(owner);
                continue;
            }

            return (api ?? "a runtime timer", $"{owner.Name}.{StateMachineMethod(type) ?? LambdaOwner(method.Name)}", !throughLibrary);
        }

        return (api ?? "a runtime timer", null, false);
    }

    // The runtime's timers and tasks, the tool itself, and the libraries whose timers the application configures.
    private static bool IsTimerApi(Type type) =>
        type.Assembly == typeof(object).Assembly || type.Assembly == typeof(TimerCensus).Assembly
        || type.FullName?.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal) == true
        || type.FullName?.StartsWith("Polly", StringComparison.Ordinal) == true;

    private static string? ApiName(Type type, string method) => (type.FullName, method) switch
    {
        ("System.Threading.CancellationTokenSource", ".ctor") => "new CancellationTokenSource(delay)",
        ("System.Threading.CancellationTokenSource", _) when method.StartsWith("CancelAfter", StringComparison.Ordinal) => "CancelAfter",
        ("System.Threading.Tasks.Task", "Delay") => "Task.Delay",
        ("System.Threading.Tasks.Task", _) when method.StartsWith("WaitAsync", StringComparison.Ordinal) => "Task.WaitAsync",
        ("System.Threading.Timer", _) => "System.Threading.Timer",
        ("System.Threading.PeriodicTimer", _) => "PeriodicTimer",
        ("System.Net.Http.HttpClient", _) => "HttpClient.Timeout",
        (var name, _) when name?.StartsWith("Polly", StringComparison.Ordinal) == true => type.Assembly.GetName().Version?.Major < 8 ? "a Polly v7 policy" : "a Polly pipeline without TimeProvider",
        _ => null,
    };

    private static Type StateMachineOwner(Type type) =>
        type.Name.StartsWith('<') && type.DeclaringType is { } outer ? StateMachineOwner(outer) : type;

    private static string? StateMachineMethod(Type type) =>
        type.Name.StartsWith('<') && type.Name.IndexOf('>', StringComparison.Ordinal) is > 1 and var end ? type.Name[1..end] : null;

    // A lambda's method is named <Outer>b__1_0: it is named by the method it is written in.
    private static string LambdaOwner(string name) =>
        name.StartsWith('<') && name.IndexOf('>', StringComparison.Ordinal) is > 1 and var end ? name[1..end] + " (a lambda)" : name;

    private static bool IsLibrary(Type type) => !ApplicationCode.Contains(type.Assembly);
}
