using System.Reflection;
using Castle.DynamicProxy;

namespace Ldfi.Testing;

/// <summary>Turns each intercepted method call into a boundary call, for sync, Task, Task&lt;T&gt;, ValueTask and ValueTask&lt;T&gt; methods.</summary>
internal sealed class FaultBoundaryInterceptor(string boundaryName, FaultBoundaryOptions options) : IInterceptor
{
    /// <summary>One generator for the process, so proxy types are built once.</summary>
    public static readonly ProxyGenerator Generator = new();

    private static readonly MethodInfo TaskOfT = typeof(FaultBoundaryInterceptor).GetMethod(nameof(InterceptTaskOfT), BindingFlags.NonPublic | BindingFlags.Instance)!;
    private static readonly MethodInfo ValueTaskOfT = typeof(FaultBoundaryInterceptor).GetMethod(nameof(InterceptValueTaskOfT), BindingFlags.NonPublic | BindingFlags.Instance)!;

    public void Intercept(IInvocation invocation)
    {
        // Property accessors and events read local state of the proxy's target: they are not calls across the boundary.
        var call = invocation.Method.IsSpecialName ? null : FaultInjection.BeginCall(options.Caller ?? Ambient.Value?.Parent?.Site.Callee ?? "test", boundaryName, invocation.Method.Name, statusCodes: []);
        if (call is null)
        {
            invocation.Proceed();
            return;
        }

        var type = invocation.Method.ReturnType;
        var token = invocation.Arguments.OfType<CancellationToken>().FirstOrDefault();
        var proceed = invocation.CaptureProceedInfo();
        if (type == typeof(Task))
        {
            invocation.ReturnValue = InterceptTask(call, proceed, invocation, token);
        }
        else if (type == typeof(ValueTask))
        {
            invocation.ReturnValue = new ValueTask(InterceptTask(call, proceed, invocation, token, valueTask: true));
        }
        else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>))
        {
            invocation.ReturnValue = TaskOfT.MakeGenericMethod(type.GetGenericArguments()).Invoke(this, [call, proceed, invocation, token]);
        }
        else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            invocation.ReturnValue = ValueTaskOfT.MakeGenericMethod(type.GetGenericArguments()).Invoke(this, [call, proceed, invocation, token]);
        }
        else
        {
            InterceptSync(call, proceed, token);
        }
    }

    private void InterceptSync(BoundaryCall call, IInvocationProceedInfo proceed, CancellationToken token)
    {
        ThrowIfFaulted(call);
        var result = call.RunCalleeAsync(() =>
        {
            proceed.Invoke();
            return Task.FromResult(true);
        }, token);
        if (!result.IsCompleted)
        {
            // Held by a Delay: this thread waits on the run's clock, which must not wait for it in turn.
            using (call.ParkThread())
            {
                result.GetAwaiter().GetResult();
            }
        }

        result.GetAwaiter().GetResult();
    }

    private async Task InterceptTask(BoundaryCall call, IInvocationProceedInfo proceed, IInvocation invocation, CancellationToken token, bool valueTask = false)
    {
        ThrowIfFaulted(call);
        await call.RunCalleeAsync(async () =>
        {
            proceed.Invoke();
            await (valueTask ? ((ValueTask)invocation.ReturnValue!).AsTask() : (Task)invocation.ReturnValue!).ConfigureAwait(false);
            return true;
        }, token).ConfigureAwait(false);
    }

    private async Task<T> InterceptTaskOfT<T>(BoundaryCall call, IInvocationProceedInfo proceed, IInvocation invocation, CancellationToken token)
    {
        ThrowIfFaulted(call);
        return await call.RunCalleeAsync(() =>
        {
            proceed.Invoke();
            return (Task<T>)invocation.ReturnValue!;
        }, token).ConfigureAwait(false);
    }

    private ValueTask<T> InterceptValueTaskOfT<T>(BoundaryCall call, IInvocationProceedInfo proceed, IInvocation invocation, CancellationToken token)
    {
        async Task<T> Body()
        {
            ThrowIfFaulted(call);
            return await call.RunCalleeAsync(() =>
            {
                proceed.Invoke();
                return ((ValueTask<T>)invocation.ReturnValue!).AsTask();
            }, token).ConfigureAwait(false);
        }

        return new ValueTask<T>(Body());
    }

    private void ThrowIfFaulted(BoundaryCall call)
    {
        if (call.Fault is { Kind: FaultKind.Error or FaultKind.Status } fault)
        {
            throw options.ErrorFactory(fault);
        }
    }
}
