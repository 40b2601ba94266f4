using System.Data.Common;

namespace Ldfi.Testing;

/// <summary>
/// The database boundary for plain ADO.NET: wrap the data source (or a connection) a service runs its commands on,
/// and every command is a call site <c>caller → database VERB table #n</c> (see <see cref="SqlStatement"/>) with
/// <see cref="FaultKind.Error"/> and <see cref="FaultKind.Delay"/> faults, as EF Core's <c>AddFaultInjection</c> gives.
/// Dapper, which runs on <see cref="DbConnection"/>, needs nothing more. Outside an experiment commands pass through.
/// </summary>
public static class FaultInjectionDbExtensions
{
    /// <summary>Wraps a data source, for example the <c>NpgsqlDataSource</c> a service registers as <see cref="DbDataSource"/>.</summary>
    /// <param name="dataSource">The provider's data source.</param>
    /// <param name="caller">The service that runs the commands, for example <c>payments</c>.</param>
    /// <param name="database">The database's name as a callee, for example <c>payments-db</c>.</param>
    /// <returns>A data source whose connections and commands are call sites; disposing it disposes <paramref name="dataSource"/>.</returns>
    public static DbDataSource WithFaultInjection(this DbDataSource dataSource, string caller, string database) =>
        WithFaultInjection(dataSource, caller, database, static _ => { });

    /// <summary>Wraps a data source, with options (the exceptions thrown; see <see cref="FaultInjectionDbOptions"/>).</summary>
    /// <param name="dataSource">The provider's data source.</param>
    /// <param name="caller">The service that runs the commands, for example <c>payments</c>.</param>
    /// <param name="database">The database's name as a callee, for example <c>payments-db</c>.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>A data source whose connections and commands are call sites; disposing it disposes <paramref name="dataSource"/>.</returns>
    public static DbDataSource WithFaultInjection(this DbDataSource dataSource, string caller, string database, Action<FaultInjectionDbOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return new FaultInjectionDbDataSource(dataSource, Boundary(caller, database, configure));
    }

    /// <summary>Wraps one connection (opened or not), for code that creates its connections itself.</summary>
    /// <param name="connection">The provider's connection.</param>
    /// <param name="caller">The service that runs the commands, for example <c>payments</c>.</param>
    /// <param name="database">The database's name as a callee, for example <c>payments-db</c>.</param>
    /// <returns>A connection whose commands are call sites; disposing it disposes <paramref name="connection"/>.</returns>
    public static DbConnection WithFaultInjection(this DbConnection connection, string caller, string database) =>
        WithFaultInjection(connection, caller, database, static _ => { });

    /// <summary>Wraps one connection, with options (the exceptions thrown; see <see cref="FaultInjectionDbOptions"/>).</summary>
    /// <param name="connection">The provider's connection.</param>
    /// <param name="caller">The service that runs the commands, for example <c>payments</c>.</param>
    /// <param name="database">The database's name as a callee, for example <c>payments-db</c>.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>A connection whose commands are call sites; disposing it disposes <paramref name="connection"/>.</returns>
    public static DbConnection WithFaultInjection(this DbConnection connection, string caller, string database, Action<FaultInjectionDbOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new FaultInjectionDbConnection(connection, Boundary(caller, database, configure));
    }

    internal static FaultInjectionDbOptions Options(string caller, string database, Action<FaultInjectionDbOptions>? configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caller);
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        var options = new FaultInjectionDbOptions { Caller = caller, Database = database };
        configure?.Invoke(options);
        return options;
    }

    private static DbCommandBoundary Boundary(string caller, string database, Action<FaultInjectionDbOptions>? configure) =>
        new(Options(caller, database, configure));
}
