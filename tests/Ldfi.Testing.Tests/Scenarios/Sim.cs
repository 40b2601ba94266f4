namespace Ldfi.Testing.Tests.Scenarios;

/// <summary>
/// Calls between simulated services, through the boundary primitive. Time is modelled, not waited for:
/// a caller with a timeout sees a Delay fault as an immediate TimeoutException after the callee ran;
/// a caller without one waits for the held response, so only the run's deadline ends it.
/// </summary>
public static class Sim
{
    public static async Task<T> Call<T>(string caller, string callee, string operation, Func<Task<T>> callee_, bool timeout = true, IReadOnlyList<int>? codes = null, CancellationToken ct = default)
    {
        var call = FaultInjection.BeginCall(caller, callee, operation, codes);
        if (call is null)
        {
            return await callee_();
        }

        if (call.Fault is { Kind: FaultKind.Error or FaultKind.Status } fault)
        {
            throw new InjectedFaultException(fault);
        }

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
            if (timeout)
            {
                // The caller's timeout ends the call: it is no longer in flight.
                call.Complete(false, nameof(TimeoutException));
                throw new TimeoutException($"{caller} timed out waiting for {callee}.");
            }

            await call.HoldResponseAsync(ct);
        }

        call.Complete(true);
        return result;
    }

    public static Task<int> Call(string caller, string callee, string operation = "GET /", bool timeout = true, IReadOnlyList<int>? codes = null, CancellationToken ct = default) =>
        Call(caller, callee, operation, () => Task.FromResult(1), timeout, codes, ct);

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
