namespace Ldfi.Testing.Tests.Scenarios;

/// <summary>
/// Calls between simulated services, through the boundary primitive. Time is modelled, not waited for:
/// a caller with a timeout sees a Delay fault as an immediate TimeoutException after the callee ran;
/// a caller without one waits for the held response, so only the run's deadline ends it. Under <see cref="TimeoutsAs"/>
/// the timeout is a timer instead, of the kind a service would write (<see cref="SimTimeouts"/>), and ends the held
/// response when it fires: the verdicts must be the same whichever it is.
/// </summary>
public static class Sim
{
    private static readonly AsyncLocal<SimTimeouts> Mode = new();

    /// <summary>How long a timer-kind timeout waits.</summary>
    public static readonly TimeSpan TimerTimeout = TimeSpan.FromMilliseconds(40);

    /// <summary>Gets the kind of timeout callers in the current flow have.</summary>
    public static SimTimeouts Timeouts => Mode.Value;

    /// <summary>Makes every timeout in the current flow (and the explorations started from it) a timer of this kind.</summary>
    public static IDisposable TimeoutsAs(SimTimeouts kind)
    {
        var before = Mode.Value;
        Mode.Value = kind;
        return new Restore(() => Mode.Value = before);
    }

    public static async Task<T> Call<T>(string caller, string callee, string operation, Func<Task<T>> callee_, bool timeout = true, IReadOnlyList<int>? codes = null, CancellationToken ct = default)
    {
        // Given codes are the call's exact Status values (deep-redundant's "one Status code"), not a declaration.
        var call = codes is null ? FaultInjection.BeginCall(caller, callee, operation) : FaultInjection.BeginCallWithExactCodes(caller, callee, operation, codes);
        if (call is null)
        {
            return await callee_();
        }

        if (call.Fault is { Kind: FaultKind.Error or FaultKind.Status } fault)
        {
            throw new InjectedFaultException(fault);
        }

        // A timer-kind timeout is armed before the request goes out, as `using var cts = …; cts.CancelAfter(t)` is.
        using var timer = timeout && Timeouts != SimTimeouts.Modelled ? Arm(ct) : null;
        T result;
        try
        {
            using (call.EnterCallee())
            {
                result = await callee_();
            }
        }
        catch (Exception ex)
        {
            call.Complete(false, ex.GetType().Name);
            throw;
        }

        if (call.Fault is { Kind: FaultKind.Delay })
        {
            if (timeout && timer is null)
            {
                // The caller's timeout ends the call: it is no longer in flight.
                call.Complete(false, nameof(TimeoutException));
                throw new TimeoutException($"{caller} timed out waiting for {callee}.");
            }

            if (timer is not null)
            {
                if (!await timer.HoldAsync(call))
                {
                    call.Complete(false, nameof(TimeoutException));
                    throw new TimeoutException($"{caller} timed out waiting for {callee}.");
                }
            }
            else
            {
                await call.HoldResponseAsync(ct);
            }
        }

        call.Complete(true);
        return result;
    }

    public static Task<int> Call(string caller, string callee, string operation = "GET /", bool timeout = true, IReadOnlyList<int>? codes = null, CancellationToken ct = default) =>
        Call(caller, callee, operation, () => Task.FromResult(1), timeout, codes, ct);

    private static TimeoutTimer Arm(CancellationToken ct) => Timeouts switch
    {
        SimTimeouts.Virtual => TimeoutTimer.OnClock(ct),
        SimTimeouts.TaskDelay => new TimeoutTimer(CancellationTokenSource.CreateLinkedTokenSource(ct), Task.Delay(TimerTimeout, CancellationToken.None)),
        _ => TimeoutTimer.CancelAfter(ct),
    };

    /// <summary>A caller's timeout as a timer: a token that a CancelAfter cancels, or a Task.Delay raced against the response.</summary>
    private sealed class TimeoutTimer(CancellationTokenSource source, Task? delay, CancellationTokenSource? inner = null) : IDisposable
    {
        public static TimeoutTimer OnClock(CancellationToken ct)
        {
            var timeout = new CancellationTokenSource(TimerTimeout, FaultInjection.TimeProvider);
            return new TimeoutTimer(CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token), null, timeout);
        }

        public static TimeoutTimer CancelAfter(CancellationToken ct)
        {
            var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(TimerTimeout);
            return new TimeoutTimer(cts, null);
        }

        /// <summary>Holds the response until it comes (true) or the timeout fires (false).</summary>
        public async Task<bool> HoldAsync(BoundaryCall call)
        {
            var hold = call.HoldResponseAsync(source.Token);
            if (delay is not null && await Task.WhenAny(hold, delay) != hold)
            {
                await source.CancelAsync();
            }

            try
            {
                await hold;
                return true;
            }
            catch (OperationCanceledException) when (source.IsCancellationRequested)
            {
                return false;
            }
        }

        public void Dispose()
        {
            source.Dispose();
            inner?.Dispose();
        }
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    /// <summary>Calls and reports whether the call succeeded (any exception is a failure).</summary>
    public static async Task<bool> TryCall(string caller, string callee, string operation = "GET /", Func<Task<int>>? body = null, bool timeout = true, IReadOnlyList<int>? codes = null)
    {
        try
        {
            await Call(caller, callee, operation, body ?? (() => Task.FromResult(1)), timeout, codes);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }
}

/// <summary>What a simulated caller's timeout is.</summary>
public enum SimTimeouts
{
    /// <summary>No timer: a Delay is an immediate TimeoutException after the callee ran.</summary>
    Modelled,

    /// <summary>A CancellationTokenSource on <see cref="FaultInjection.TimeProvider"/>: a virtual timer.</summary>
    Virtual,

    /// <summary><c>CancelAfter</c> on a source made without a TimeProvider: a real timer.</summary>
    CancelAfter,

    /// <summary><c>Task.Delay(timeout)</c> without a TimeProvider raced against the response: a real timer.</summary>
    TaskDelay,
}
