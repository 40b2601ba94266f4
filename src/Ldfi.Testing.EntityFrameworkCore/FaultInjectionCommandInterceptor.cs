using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ldfi.Testing;

/// <summary>
/// Makes every command an EF Core context runs a call site (<see cref="DbCommandBoundary"/>); the overrides only route
/// EF's six execution hooks and its failure hook there.
/// </summary>
internal sealed class FaultInjectionCommandInterceptor(FaultInjectionDbOptions options) : DbCommandInterceptor
{
    private readonly DbCommandBoundary boundary = new(options);

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

    private void Begin(DbCommand command) => boundary.Begin(command);

    private void Fail(DbCommand command, Exception exception) => boundary.Fail(command, exception);

    private void EndSync(DbCommand command, DbDataReader? reader) => boundary.EndSync(command, reader);

    private Task EndAsync(DbCommand command, DbDataReader? reader, CancellationToken cancellationToken) => boundary.EndAsync(command, reader, cancellationToken);
}
