using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Ldfi.Testing;

/// <summary>
/// A provider's connection whose commands are call sites (<see cref="FaultInjectionDbCommand"/>). Opening, closing and
/// transactions are the provider's own: a transaction is the provider's object, so <c>command.Transaction = tx</c>
/// and Dapper's <c>transaction:</c> argument work unchanged.
/// </summary>
internal sealed class FaultInjectionDbConnection(DbConnection inner, DbCommandBoundary boundary) : DbConnection
{
    public DbConnection Inner => inner;

    [AllowNull]
    public override string ConnectionString { get => inner.ConnectionString; set => inner.ConnectionString = value; }

    public override int ConnectionTimeout => inner.ConnectionTimeout;

    public override string Database => inner.Database;

    public override string DataSource => inner.DataSource;

    public override string ServerVersion => inner.ServerVersion;

    public override ConnectionState State => inner.State;

    public override void ChangeDatabase(string databaseName) => inner.ChangeDatabase(databaseName);

    public override void Close() => inner.Close();

    public override Task CloseAsync() => inner.CloseAsync();

    public override void Open() => inner.Open();

    public override Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => inner.BeginTransaction(isolationLevel);

    protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken) =>
        await inner.BeginTransactionAsync(isolationLevel, cancellationToken).ConfigureAwait(false);

    protected override DbCommand CreateDbCommand() => new FaultInjectionDbCommand(inner.CreateCommand(), this, boundary);

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
}
