using System.Diagnostics;

namespace Ldfi.Testing;

/// <summary>
/// What a timer created through a service's <see cref="TimeProvider"/> is for, told by the resilience strategy whose
/// code created it (the frames of the creating thread's stack), never by a name: a Polly timeout strategy inside a retry
/// or hedging strategy is an attempt timeout and outside every one of them a total timeout; a retry strategy's delay is
/// its back-off; the hedging strategy's wait for an attempt is its hedging delay. Null for anything else.
/// </summary>
internal static class TimerKinds
{
    public const string AttemptTimeout = "attempt timeout";
    public const string TotalTimeout = "total timeout";
    public const string BackOff = "retry back-off";
    public const string HedgingDelay = "hedging delay";

    /// <summary>Gets the kind of a timer being created on the current thread, or null when no resilience strategy created it.</summary>
    public static string? OfCurrentStack()
    {
        var frames = new StackTrace(2, false).GetFrames();
        string? kind = null;
        var retried = false;
        foreach (var frame in frames)
        {
            var method = frame.GetMethod();
            var type = method?.DeclaringType;
            var methodName = type is { Name: ['<', ..] } machine ? machine.Name : method?.Name ?? string.Empty;
            while (type?.DeclaringType is { } outer && type.Name.StartsWith('<'))
            {
                type = outer;
            }

            var ns = type?.Namespace;
            if (ns is null || !ns.StartsWith("Polly", StringComparison.Ordinal))
            {
                continue;
            }

            if (kind is null)
            {
                if (ns == "Polly.Timeout")
                {
                    kind = TotalTimeout;
                }
                else if (ns == "Polly.Hedging.Utils" && methodName.Contains("WaitForCompletedExecution", StringComparison.Ordinal))
                {
                    return HedgingDelay;
                }
                else if (ns == "Polly.Retry")
                {
                    return BackOff;
                }
            }
            else if (ns is "Polly.Retry" or "Polly.Hedging" or "Polly.Hedging.Utils" or "Polly.Hedging.Controller")
            {
                retried = true;
                break;
            }
        }

        return kind == TotalTimeout && retried ? AttemptTimeout : kind;
    }
}
