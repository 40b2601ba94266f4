using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ldfi.Testing;

/// <summary>
/// Makes every command a call site: an Error fault throws before the command is sent, a Delay fault lets it run (and,
/// outside a transaction, commit) and holds its completion on the run's clock until its command timeout or cancellation.
/// </summary>
internal sealed class FaultInjectionCommandInterceptor(FaultInjectionDbOptions options) : DbCommandInterceptor
{
    private readonly ConditionalWeakTable<DbCommand, BoundaryCall> calls = [];

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Begin(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Begin(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Begin(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Begin(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Begin(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Begin(command);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        EndSync(command, result);
        return result;
    }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        await EndAsync(command, result, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        EndSync(command, null);
        return result;
    }

    public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await EndAsync(command, null, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        EndSync(command, null);
        return result;
    }

    public override async ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        await EndAsync(command, null, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Fail(command, eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Fail(command, eventData.Exception);
        return Task.CompletedTask;
    }

    private void Begin(DbCommand command)
    {
        // Outside an experiment: one ambient read, nothing recorded, nothing allocated.
        if (FaultInjection.Current is null
            || FaultInjection.BeginCall(options.Caller, options.Database, SqlStatement.Normalize(command.CommandText), statusCodes: []) is not { } call)
        {
            return;
        }

        if (call.Fault is { Kind: FaultKind.Error } fault)
        {
            throw options.ErrorFactory(command, fault);
        }

        calls.AddOrUpdate(command, call);
    }

    private void Fail(DbCommand command, Exception exception)
    {
        if (calls.TryGetValue(command, out var call))
        {
            calls.Remove(command);
            call.Complete(false, exception.GetType().Name);
        }
    }

    private void EndSync(DbCommand command, DbDataReader? reader)
    {
        var pending = EndAsync(command, reader, CancellationToken.None);
        if (!pending.IsCompleted)
        {
            // Held by a Delay: this thread waits on the run's clock, which must not wait for it in turn.
            using (calls.TryGetValue(command, out var call) ? call.ParkThread() : null)
            {
                pending.GetAwaiter().GetResult();
            }
        }

        pending.GetAwaiter().GetResult();
    }

    private Task EndAsync(DbCommand command, DbDataReader? reader, CancellationToken cancellationToken)
    {
        if (!calls.TryGetValue(command, out var call))
        {
            return Task.CompletedTask;
        }

        if (call.Fault is not { Kind: FaultKind.Delay })
        {
            calls.Remove(command);
            call.Complete(true);
            return Task.CompletedTask;
        }

        return DbDelay.HoldAsync(call, command, reader, options, () => calls.Remove(command), cancellationToken);
    }
}
