using System.Data.Common;

namespace Ldfi.Testing;

/// <summary>
/// Options of the database boundary: EF Core's <c>AddFaultInjection</c> (package Ldfi.Testing.EntityFrameworkCore) and
/// ADO.NET's <see cref="FaultInjectionDbExtensions.WithFaultInjection(DbDataSource, string, string, Action{FaultInjectionDbOptions})"/>.
/// </summary>
public sealed class FaultInjectionDbOptions
{
    /// <summary>
    /// Gets or sets the service that runs the commands (the caller of every call site). Required; for example <c>payments</c>.
    /// </summary>
    public string Caller { get; set; } = string.Empty;

    /// <summary>Gets or sets the database name used as the callee of every call site. Required; for example <c>payments-db</c>.</summary>
    public string Database { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets what an <see cref="FaultKind.Error"/> fault throws before the command reaches the server.
    /// Default: <see cref="DbFaultExceptions.Transient"/>, the provider's own transient exception (for Npgsql an
    /// <c>NpgsqlException</c> whose <c>IsTransient</c> is <see langword="true"/>), so retrying execution strategies retry it.
    /// </summary>
    public Func<DbCommand, Fault, Exception> ErrorFactory { get; set; } = DbFaultExceptions.Transient;

    /// <summary>
    /// Gets or sets what a <see cref="FaultKind.Delay"/> fault throws when the held command reaches its
    /// <see cref="DbCommand.CommandTimeout"/>. Default: <see cref="DbFaultExceptions.Timeout"/>, what the provider throws on a
    /// command timeout (for Npgsql an <c>NpgsqlException</c> around a <see cref="TimeoutException"/>).
    /// </summary>
    public Func<DbCommand, Exception> TimeoutFactory { get; set; } = DbFaultExceptions.Timeout;
}
