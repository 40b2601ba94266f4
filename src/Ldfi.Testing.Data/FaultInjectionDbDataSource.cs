using System.Data.Common;

namespace Ldfi.Testing;

/// <summary>A provider's data source whose connections and commands are those of <see cref="FaultInjectionDbConnection"/>.</summary>
internal sealed class FaultInjectionDbDataSource(DbDataSource inner, DbCommandBoundary boundary) : DbDataSource
{
    public override string ConnectionString => inner.ConnectionString;

    protected override DbConnection CreateDbConnection() => new FaultInjectionDbConnection(inner.CreateConnection(), boundary);

    protected override DbCommand CreateDbCommand(string? commandText = null) => new FaultInjectionDbCommand(inner.CreateCommand(commandText), null, boundary);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsyncCore().ConfigureAwait(false);
    }
}
