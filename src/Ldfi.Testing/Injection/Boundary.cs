namespace Ldfi.Testing;

/// <summary>
/// Runs user code as a call across a boundary: the simplest way to make any in-process dependency a call site.
/// <see cref="FaultKind.Error"/> and <see cref="FaultKind.Status"/> throw <see cref="InjectedFaultException"/>
/// without running the callee; <see cref="FaultKind.Delay"/> runs it, then holds the result until the
/// caller's token is cancelled (or <see cref="ExplorationOptions.Delay"/> elapses).
/// </summary>
public static class Boundary
{
    /// <summary>Calls <paramref name="call"/> as the call site <c>caller → callee operation</c>.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="caller">The calling service.</param>
    /// <param name="callee">The called service or boundary.</param>
    /// <param name="operation">The operation name.</param>
    /// <param name="call">The callee's code; its own boundary calls get this call as parent.</param>
    /// <param name="cancellationToken">The caller's token; cancelling it ends a held (delayed) response.</param>
    /// <returns>The callee's result.</returns>
    public static async Task<T> InvokeAsync<T>(string caller, string callee, string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        var boundary = FaultInjection.BeginCall(caller, callee, operation, statusCodes: []);
        if (boundary is null)
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }

        if (boundary.Fault is { Kind: FaultKind.Error or FaultKind.Status } fault)
        {
            throw new InjectedFaultException(fault);
        }

        return await boundary.RunCalleeAsync(() => call(cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Calls <paramref name="call"/> as the call site <c>caller → callee operation</c>.</summary>
    /// <param name="caller">The calling service.</param>
    /// <param name="callee">The called service or boundary.</param>
    /// <param name="operation">The operation name.</param>
    /// <param name="call">The callee's code.</param>
    /// <param name="cancellationToken">The caller's token; cancelling it ends a held (delayed) response.</param>
    /// <returns>A task that completes with the call.</returns>
    public static Task InvokeAsync(string caller, string callee, string operation, Func<CancellationToken, Task> call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        return InvokeAsync(caller, callee, operation, async ct =>
        {
            await call(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }
}
