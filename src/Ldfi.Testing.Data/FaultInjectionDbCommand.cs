using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Ldfi.Testing;

/// <summary>
/// A provider's command with every execution a call site (<see cref="DbCommandBoundary"/>): the provider's own command
/// runs underneath, and the boundary sees it, so faults are the provider's exception types and its command timeout.
/// </summary>
[SuppressMessage("Security", "CA2100", Justification = "The command text is the application's own, passed through unchanged.")]
internal sealed class FaultInjectionDbCommand(DbCommand inner, FaultInjectionDbConnection? connection, DbCommandBoundary boundary) : DbCommand
{
    private FaultInjectionDbConnection? connection = connection;

    [AllowNull]
    public override string CommandText { get => inner.CommandText; set => inner.CommandText = value; }

    public override int CommandTimeout { get => inner.CommandTimeout; set => inner.CommandTimeout = value; }

    public override CommandType CommandType { get => inner.CommandType; set => inner.CommandType = value; }

    public override bool DesignTimeVisible { get => inner.DesignTimeVisible; set => inner.DesignTimeVisible = value; }

    public override UpdateRowSource UpdatedRowSource { get => inner.UpdatedRowSource; set => inner.UpdatedRowSource = value; }

    protected override DbConnection? DbConnection
    {
        get => connection ?? inner.Connection;
        set
        {
            connection = value as FaultInjectionDbConnection;
            inner.Connection = connection?.Inner ?? value;
        }
    }

    protected override DbParameterCollection DbParameterCollection => inner.Parameters;

    protected override DbTransaction? DbTransaction { get => inner.Transaction; set => inner.Transaction = value; }

    public override void Cancel() => inner.Cancel();

    public override void Prepare() => inner.Prepare();

    public override Task PrepareAsync(CancellationToken cancellationToken = default) => inner.PrepareAsync(cancellationToken);

    public override int ExecuteNonQuery()
    {
        boundary.Begin(inner);
        int result;
        try
        {
            result = inner.ExecuteNonQuery();
        }
        catch (Exception ex)
        {
            boundary.Fail(inner, ex);
            throw;
        }

        boundary.EndSync(inner, null);
        return result;
    }

    public override object? ExecuteScalar()
    {
        boundary.Begin(inner);
        object? result;
        try
        {
            result = inner.ExecuteScalar();
        }
        catch (Exception ex)
        {
            boundary.Fail(inner, ex);
            throw;
        }

        boundary.EndSync(inner, null);
        return result;
    }

    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) =>
        RunAsync(() => inner.ExecuteNonQueryAsync(cancellationToken), _ => null, cancellationToken);

    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) =>
        RunAsync(() => inner.ExecuteScalarAsync(cancellationToken), _ => null, cancellationToken);

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        boundary.Begin(inner);
        DbDataReader reader;
        try
        {
            reader = inner.ExecuteReader(behavior);
        }
        catch (Exception ex)
        {
            boundary.Fail(inner, ex);
            throw;
        }

        boundary.EndSync(inner, reader);
        return reader;
    }

    protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        RunAsync(() => inner.ExecuteReaderAsync(behavior, cancellationToken), r => r, cancellationToken);

    protected override DbParameter CreateDbParameter() => inner.CreateParameter();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<T> RunAsync<T>(Func<Task<T>> execute, Func<T, DbDataReader?> reader, CancellationToken cancellationToken)
    {
        boundary.Begin(inner);
        T result;
        try
        {
            result = await execute().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            boundary.Fail(inner, ex);
            throw;
        }

        await boundary.EndAsync(inner, reader(result), cancellationToken).ConfigureAwait(false);
        return result;
    }
}
